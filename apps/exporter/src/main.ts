import { bootstrapService } from '@tickline/service-kit';

import { AppModule } from './app.module';
import { SubscriptionConfigError } from './subscriptions/subscription-document.util';

bootstrapService(AppModule.forRoot()).catch((error: unknown) => {
  // A subscription document that names a data set this account is not entitled to (or is
  // malformed) stops the exporter with one line, like a bad variable does.
  if (error instanceof SubscriptionConfigError) {
    process.stderr.write(
      `${JSON.stringify({ level: 'fatal', time: new Date().toISOString(), msg: error.message })}\n`,
    );
    process.exit(1);
  }
  throw error;
});
