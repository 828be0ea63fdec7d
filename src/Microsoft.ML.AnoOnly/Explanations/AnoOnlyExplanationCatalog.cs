using Microsoft.ML.AnoOnly;

namespace Microsoft.ML
{
    /// <summary>Explanations of AnoOnly scores, from <c>mlContext.Transforms</c>.</summary>
    public static class AnoOnlyExplanationCatalog
    {
        /// <summary>
        /// Explains the scores of <paramref name="model"/>, trained or loaded: fit the estimator on the rows the model reads
        /// (for a pipeline, the output of its <c>Transform</c>) and it adds <c>FeatureContributions</c>, one value per
        /// feature, adding up to <c>Score(row) - Score(reference)</c> (see <see cref="AnoOnlyFeatureContributionTransformer"/>).
        /// </summary>
        /// <param name="catalog">The transforms catalog (<c>mlContext.Transforms</c>).</param>
        /// <param name="model">The AnoOnly model, for example <c>pipeline.Fit(data).LastTransformer</c> or
        /// <c>mlContext.Model.LoadAnoOnly(path, out _).LastTransformer</c>.</param>
        /// <param name="normalReference">The row contributions are measured from, in the model's feature space; null uses the
        /// mean of the unlabeled training rows the model stores. Models saved by version 1 of the format store none: then
        /// it is required.</param>
        /// <returns>The estimator.</returns>
        /// <exception cref="System.ArgumentException">No reference is stored or given, or the given one does not fit.</exception>
        public static AnoOnlyFeatureContributionEstimator CalculateAnoOnlyFeatureContribution(this TransformsCatalog catalog,
            AnoOnlyTransformer model, float[]? normalReference = null)
            => new(model, normalReference);
    }
}
