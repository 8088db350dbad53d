import type { StackComponent } from '../component.interface';
import { exchangeLocalComponent } from './exchange-local.component';
import { kafkaComponent } from './kafka.component';
import { minioComponent } from './minio.component';
import { postgresComponent } from './postgres.component';

/**
 * Every component of the local stack. Order only breaks ties: components start
 * in waves as soon as everything they depend on is healthy, and stop in reverse.
 */
export const STACK_COMPONENTS: readonly StackComponent[] = [
  postgresComponent,
  kafkaComponent,
  minioComponent,
  exchangeLocalComponent,
];
