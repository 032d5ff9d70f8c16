export { quantileBins, entropy, normalizedMutualInformation } from './mutual-information.js';
export { relevanceRedundancyRanking, type RelevanceRedundancyOptions, type RelevanceRedundancyRanking } from './relevance-redundancy.js';
