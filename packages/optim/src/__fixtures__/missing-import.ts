// A plugin that imports a package that is not installed.
import missing from 'descent-fixture-package-that-does-not-exist';

export default missing;
