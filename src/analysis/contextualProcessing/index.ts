// Public API of src/analysis/contextualProcessing: contextual processing in sentiment RNNs (Maheswaranathan & Sussillo 2020).
export { modelSystem, runTokens, type TokenSystem } from "./system";
export { contextualEffects, type ContextualEffects, type ContextualEffectOptions } from "./contextualEffects";
export { groupTokens, type TokenGroup, type TokenGrouping } from "./tokenGroups";
export { edgeEffects, type EdgeEffects, type EdgeEffectOptions } from "./edgeEffects";
export { modifierExcursion, timeConstants, type Excursion, type ExcursionOptions } from "./excursion";
export { bowFeatures, fitLogistic, predictLogistic, compareBagOfWords, recoveredFraction, type BowFeatureSpec, type LogisticModel, type BowComparison } from "./bagOfWords";
