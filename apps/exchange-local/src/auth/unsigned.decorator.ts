import { SetMetadata } from '@nestjs/common';

export const UNSIGNED_ROUTE = 'exchange-local:unsigned-route';

/** Marks a route that is not an AWS API call (health, admin, signed-URL transfers). */
export const Unsigned = () => SetMetadata(UNSIGNED_ROUTE, true);
