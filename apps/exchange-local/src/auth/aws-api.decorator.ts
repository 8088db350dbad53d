import { SetMetadata } from '@nestjs/common';

export const AWS_API_CONTROLLER = 'exchange-local:aws-api-controller';

/**
 * Marks a controller whose routes are AWS API operations: SigV4Guard authenticates exactly these
 * (the service kit's /healthz, /readyz, /metrics and the signed-URL transfers are not AWS calls).
 * The routing spec checks that every operation refuses an unsigned request.
 */
export const AwsApi = () => SetMetadata(AWS_API_CONTROLLER, true);
