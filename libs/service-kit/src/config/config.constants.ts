/** DI token of the validated config object. */
export const VALIDATED_CONFIG = Symbol('VALIDATED_CONFIG');
