import { AisleError } from '@aisle/core';
import { runMallRules } from './run';

try {
  const result = await runMallRules();
  if (!result.liability.balanced) process.exitCode = 1;
} catch (error) {
  console.error(AisleError.isInstance(error) ? `${error.code}: ${error.message}` : error);
  process.exitCode = 1;
}
