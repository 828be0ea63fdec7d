using System;
using Microsoft.ML.AnoOnly.Data;

namespace Microsoft.ML.AnoOnly
{
    /// <summary>
    /// The estimator of <see cref="AnoOnlyFeatureContributionTransformer"/>: fitting learns nothing, it checks the input and
    /// returns the transformer (as ML.NET's <c>CalculateFeatureContribution</c> does). Create it with
    /// <see cref="AnoOnlyExplanationCatalog.CalculateAnoOnlyFeatureContribution"/>.
    /// </summary>
    public sealed class AnoOnlyFeatureContributionEstimator : IEstimator<AnoOnlyFeatureContributionTransformer>
    {
        private readonly AnoOnlyFeatureContributionTransformer _transformer;

        internal AnoOnlyFeatureContributionEstimator(AnoOnlyTransformer model, float[]? normalReference)
        {
            ArgumentNullException.ThrowIfNull(model);
            float[] reference = normalReference ?? model.State.NormalReference ?? throw new ArgumentException(
                "This AnoOnly model was saved by a version of Microsoft.ML.AnoOnly that did not store the mean of its normal training " +
                "rows (model format version 1): pass normalReference, a typical normal row as the model reads it (after the " +
                "pipeline's normalization), for example the mean of the training rows.", nameof(normalReference));
            if (reference.Length != model.FeatureCount)
                throw new ArgumentException(
                    $"The normal reference has {reference.Length} values; the model reads {model.FeatureCount} features.", nameof(normalReference));
            int bad = Array.FindIndex(reference, v => !float.IsFinite(v));
            if (bad >= 0)
                throw new ArgumentException($"The normal reference holds {reference[bad]} at slot {bad}; it must be finite.", nameof(normalReference));
            _transformer = new AnoOnlyFeatureContributionTransformer(model, (float[])reference.Clone());
        }

        /// <summary>Checks <paramref name="input"/>'s feature column and returns the transformer.</summary>
        /// <param name="input">Rows as the model reads them (the output of the pipeline before, or of the model).</param>
        /// <returns>The explaining transformer.</returns>
        public AnoOnlyFeatureContributionTransformer Fit(IDataView input)
        {
            ArgumentNullException.ThrowIfNull(input);
            _transformer.GetOutputSchema(input.Schema);
            return _transformer;
        }

        /// <summary>The shape of the output: <paramref name="inputSchema"/> with <c>FeatureContributions</c>, a vector of
        /// Single like the feature column.</summary>
        /// <param name="inputSchema">The shape of the input; it has the model's feature column.</param>
        /// <returns>The output shape.</returns>
        public SchemaShape GetOutputSchema(SchemaShape inputSchema)
        {
            string features = _transformer.Model.FeatureColumnName;
            TrainingColumns.CheckFeatures(inputSchema, features);
            // ML.NET keeps SchemaShape's column constructor internal: a copy of the feature column has exactly the shape.
            return new MLContext().Transforms.CopyColumns(AnoOnlyFeatureContributionTransformer.FeatureContributionsColumnName, features)
                .GetOutputSchema(inputSchema);
        }
    }
}
