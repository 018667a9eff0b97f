import { AisleError } from '@aisle/core';
import { runDrill } from './drill';

try {
  const result = await runDrill();
  if (!result.verified || !result.storeVerified || !result.forgeryRejected || result.overdue.length > 0) process.exitCode = 1;
} catch (error) {
  console.error(AisleError.isInstance(error) ? `${error.code}: ${error.message}` : error);
  process.exitCode = 1;
}
