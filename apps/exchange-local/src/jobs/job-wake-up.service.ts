import { Injectable } from '@nestjs/common';

import { WakeUpSignal } from '../common/wake-up-signal.util';

/** Wakes the job runner when a job was started or published work created jobs. */
@Injectable()
export class JobWakeUp extends WakeUpSignal {}
