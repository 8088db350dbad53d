import { TOPICS, topicSpec } from '@tickline/domain';
import type { TopicSpec } from '@tickline/service-kit';

import type { AppConfig } from '../app-config.schema';

/** The platform's specs of the four topics the validator uses, under the configured names. */
export function validatorTopicSpecs(config: AppConfig): TopicSpec[] {
  return [
    { ...topicSpec(TOPICS.rawEvents), name: config.VALIDATOR_RAW_TOPIC },
    { ...topicSpec(TOPICS.validEvents), name: config.VALIDATOR_VALID_TOPIC },
    { ...topicSpec(TOPICS.deadLetters), name: config.VALIDATOR_DEAD_LETTER_TOPIC },
    { ...topicSpec(TOPICS.alerts), name: config.VALIDATOR_ALERTS_TOPIC },
  ];
}
