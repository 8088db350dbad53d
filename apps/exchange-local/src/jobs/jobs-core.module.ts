import { Global, Module } from '@nestjs/common';

import { JobWakeUp } from './job-wake-up.service';

/** The wake-up signal shared by request handlers and the job runner of this process. */
@Global()
@Module({
  exports: [JobWakeUp],
  providers: [JobWakeUp],
})
export class JobsCoreModule {}
