using System;
using System.Collections.Generic;
using Microsoft.ML.AnoOnly.Data;
using Microsoft.ML.AnoOnly.Explanations;
using Microsoft.ML.Data;

namespace Microsoft.ML.AnoOnly
{
    /// <summary>
    /// Explains an AnoOnly model's scores: adds <c>FeatureContributions</c>, a vector of <see cref="float"/> as long as the
    /// feature vector, saying how much each feature moved the row's score away from the score of a normal reference row
    /// (by default the mean of the unlabeled training rows, which the model stores). Positive values push the row towards
    /// anomalous. The contributions add up to <c>Score(row) - Score(reference)</c>, up to float rounding. Create it with
    /// <see cref="AnoOnlyExplanationCatalog.CalculateAnoOnlyFeatureContribution"/>.
    /// </summary>
    /// <remarks>
    /// <para>The contributions are DeepLIFT's with the Rescale rule (Shrikumar et al., 2017), computed backwards through the
    /// network in managed code (no libtorch), thread-safe. For DevNet and PReNet (one hidden ReLU layer) they equal exact
    /// integrated gradients from the reference to the row; for DeepSAD and FEAWAD the multi-input operations (squared
    /// distance, residual norm, division by it) use rules that keep the sum exact. A model of several members explains as
    /// the combination-weighted sum of its members' contributions.</para>
    /// <para>It reads the model's feature column as the model sees it, after the transformers before it in the pipeline:
    /// apply it to the output of the pipeline's <c>Transform</c>. A per-feature affine step before the model
    /// (<c>NormalizeMinMax</c>, <c>NormalizeMeanVariance</c>) does not change which feature a contribution belongs to.
    /// The column carries the feature column's slot names when it has them (as after <c>Concatenate</c>).</para>
    /// <para>It is not saved with a model (ML.NET's model format cannot hold it): after loading the model, create it again
    /// from the loaded <see cref="AnoOnlyTransformer"/> (<c>LoadAnoOnly</c>).</para>
    /// </remarks>
    public sealed class AnoOnlyFeatureContributionTransformer : ITransformer
    {
        /// <summary>The name of the column the transformer adds.</summary>
        public const string FeatureContributionsColumnName = "FeatureContributions";

        private readonly float[] _reference;

        internal AnoOnlyFeatureContributionTransformer(AnoOnlyTransformer model, float[] reference)
        {
            Model = model;
            _reference = reference;
        }

        /// <summary>The model whose scores are explained.</summary>
        public AnoOnlyTransformer Model { get; }

        /// <summary>The normal reference row the contributions are measured from, in the model's feature space.</summary>
        public IReadOnlyList<float> NormalReference => _reference;

        /// <summary>Always true: each row is explained on its own.</summary>
        public bool IsRowToRowMapper => true;

        /// <summary>The schema of <see cref="Transform"/>'s output.</summary>
        /// <param name="inputSchema">The schema of the rows to explain: it has the model's feature column.</param>
        /// <returns><paramref name="inputSchema"/> with <c>FeatureContributions</c> added.</returns>
        public DataViewSchema GetOutputSchema(DataViewSchema inputSchema)
            => ContributionSchema.Of(inputSchema, CheckFeatures(inputSchema), Model.FeatureCount);

        /// <summary>A row-to-row mapper that adds <c>FeatureContributions</c> (what <c>PredictionEngine</c> uses).</summary>
        /// <param name="inputSchema">The schema of the rows to explain.</param>
        /// <returns>The mapper.</returns>
        public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema)
        {
            CheckFeatures(inputSchema);
            return new ContributionRowMapper(inputSchema, this);
        }

        /// <summary>Adds <c>FeatureContributions</c> to <paramref name="input"/>, computed lazily when read. A row that
        /// cannot be scored (wrong length, a value that is not finite) fails as scoring it would.</summary>
        /// <param name="input">Rows with the model's feature column, as the model reads it.</param>
        /// <returns>The explained view.</returns>
        public IDataView Transform(IDataView input)
        {
            ArgumentNullException.ThrowIfNull(input);
            CheckFeatures(input.Schema);
            return new ContributionDataView(input, this);
        }

        void ICanSaveModel.Save(ModelSaveContext ctx)
            => throw new NotSupportedException(
                "The AnoOnly explanation is not saved with a model: save the model, and after loading it with LoadAnoOnly create the " +
                "explanation again with mlContext.Transforms.CalculateAnoOnlyFeatureContribution(loaded.LastTransformer).");

        internal ContributionCalculator Calculator(DataViewRow row, DataViewSchema.Column features, bool namesRows)
            => new(Model.Scorer, _reference, Model.State, row, features, namesRows);

        private DataViewSchema.Column CheckFeatures(DataViewSchema schema)
        {
            ArgumentNullException.ThrowIfNull(schema);
            int? count = TrainingColumns.ScoringFeatureCountOf(schema, Model.FeatureColumnName);
            if (count != null && count != Model.FeatureCount)
                throw new AnoOnlyInputException(
                    $"Feature column '{Model.FeatureColumnName}' has {count} values; the model was trained on {Model.FeatureCount}.",
                    Model.FeatureColumnName);
            return schema[Model.FeatureColumnName];
        }
    }
}
