import { aislePackage } from '../../tsup.base';

export default aislePackage({ index: 'src/index.ts', flow: 'src/consent-flow/index.ts', element: 'src/element/index.ts' });
