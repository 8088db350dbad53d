import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';

export const sendGreetingSchema = z.strictObject({
  /** Kafka message key: greetings with the same key stay in order. */
  key: z.string().min(1).max(200),
  text: z.string().min(1).max(1_000),
  /** Extra Kafka headers to attach. */
  headers: z.record(z.string().regex(/^[a-z0-9-]{1,64}$/), z.string().max(1_000)).optional(),
});

export class SendGreetingDto extends createZodDto(sendGreetingSchema) {}

/** The JSON value of a greeting message on the topic. */
export const greetingMessageSchema = z.object({ text: z.string(), sentAt: z.iso.datetime() });
export type GreetingMessage = z.infer<typeof greetingMessageSchema>;
