import { Injectable } from '@nestjs/common';

import { WakeUpSignal } from '../common/wake-up-signal.util';

/** Wakes the change set runner when a change set was started. */
@Injectable()
export class ChangeSetWakeUp extends WakeUpSignal {}
