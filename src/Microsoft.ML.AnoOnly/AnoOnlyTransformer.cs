using System;
using System.Linq;
using Microsoft.ML.AnoOnly.Data;
using Microsoft.ML.AnoOnly.Persistence;
using Microsoft.ML.AnoOnly.Scoring;
using Microsoft.ML.Data;

namespace Microsoft.ML.AnoOnly
{
    /// <summary>
    /// A trained AnoOnly model. <see cref="Transform(IDataView)"/> adds <c>Score</c> (<see cref="float"/>,
    /// higher = more anomalous) and <c>PredictedLabel</c> (<see cref="bool"/>, <c>Score &gt; Threshold</c>).
    /// Scoring runs in managed code and is thread-safe; it does not need libtorch.
    /// </summary>
    /// <remarks>
    /// Save it with <c>mlContext.Model.Save</c>. <c>mlContext.Model.Load</c> returns it as a
    /// <see cref="TransformerChain{TLastTransformer}"/> of ML.NET transformers that scores identically, in any
    /// process that deploys Microsoft.ML.AnoOnly, with no registration call.
    /// </remarks>
    public sealed class AnoOnlyTransformer : ITransformer
    {
        private readonly ModelState _state;
        private readonly DataViewSchema _trainingSchema;
        private readonly ITransformer _saved;
        private readonly IAnomalyScorer _scorer;

        internal AnoOnlyTransformer(ModelState state, DataViewSchema trainingSchema, IAnomalyScorer? scorer = null)
        {
            _state = state;
            _trainingSchema = trainingSchema;
            _saved = SavedPipeline.Build(state, trainingSchema);
            _scorer = scorer ?? new ModelScorer(state);
        }

        /// <summary>The decision threshold: <c>PredictedLabel = Score &gt; Threshold</c>. By default the
        /// (1 - Contamination) quantile of the training rows' scores.</summary>
        public float Threshold => _state.Threshold;

        /// <summary>The backbone the model was trained with.</summary>
        public AnoOnlyBackbone Backbone => _state.Backbone;

        /// <summary>The model's members: one for a single backbone, several for the ensemble, with their weights.</summary>
        public System.Collections.Generic.IReadOnlyList<AnoOnlyMemberInfo> Members => _state.Members.Select(m =>
        {
            var descriptor = Backbones.BackboneRegistry.ForSavedModel(m.Backbone);
            bool network = descriptor is Backbones.BackboneDescriptor;
            return new AnoOnlyMemberInfo(descriptor.Name, network ? m.Backbone : null, network ? m.Loss : null, m.Combination.Weight);
        }).ToArray();

        /// <summary>The loss the model was trained with.</summary>
        public AnoOnlyLoss Loss => _state.Loss;

        /// <summary>The feature column the model reads.</summary>
        public string FeatureColumnName => _state.FeatureColumnName;

        /// <summary>The number of features the model was trained on.</summary>
        public int FeatureCount => _state.FeatureCount;

        internal ModelState State => _state;

        internal IAnomalyScorer Scorer => _scorer;

        /// <summary>The schema of the data the model was fitted on (what its saved chain is built for).</summary>
        internal DataViewSchema TrainingSchema => _trainingSchema;

        /// <summary>
        /// Returns a copy of this model with another decision threshold (ML.NET's
        /// <c>ChangeModelThreshold</c> accepts only ML.NET's own model types). The threshold is saved with the model.
        /// </summary>
        /// <param name="threshold">The new threshold; rows with <c>Score &gt; threshold</c> are predicted anomalies.</param>
        /// <returns>A new transformer; this one is unchanged.</returns>
        public AnoOnlyTransformer WithThreshold(float threshold)
        {
            if (float.IsNaN(threshold))
                throw new ArgumentOutOfRangeException(nameof(threshold), "The threshold must be a number.");
            return new AnoOnlyTransformer(_state.WithThreshold(threshold), _trainingSchema, _scorer);
        }

        /// <summary>Always true: the model maps each row on its own.</summary>
        public bool IsRowToRowMapper => true;

        /// <summary>The schema of <see cref="Transform(IDataView)"/>'s output.</summary>
        /// <param name="inputSchema">The schema of the data to score.</param>
        /// <returns><paramref name="inputSchema"/> with <c>Score</c> and <c>PredictedLabel</c>.</returns>
        public DataViewSchema GetOutputSchema(DataViewSchema inputSchema)
        {
            CheckFeatures(inputSchema);
            return ScoredDataView.OutputSchema(inputSchema);
        }

        /// <summary>A row-to-row mapper (what <c>PredictionEngine</c> uses): scores each row with the managed scorer.</summary>
        /// <param name="inputSchema">The schema of the rows to score.</param>
        /// <returns>The mapper.</returns>
        public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema)
        {
            ArgumentNullException.ThrowIfNull(inputSchema);
            CheckFeatures(inputSchema);
            return new ScoringRowMapper(inputSchema, _scorer, _state);
        }

        /// <summary>Scores <paramref name="input"/> lazily, adding <c>Score</c> and <c>PredictedLabel</c>.</summary>
        /// <param name="input">Rows with the feature column the model was trained on.</param>
        /// <returns>The scored view.</returns>
        public IDataView Transform(IDataView input)
        {
            ArgumentNullException.ThrowIfNull(input);
            CheckFeatures(input.Schema);
            // Same scores as the saved chain (tests check it), without its per-row overhead, a block of rows at a time.
            return new ScoredDataView(input, _scorer, _state);
        }

        void ICanSaveModel.Save(ModelSaveContext ctx) => _saved.Save(ctx);

        private void CheckFeatures(DataViewSchema schema)
        {
            int? count = TrainingColumns.ScoringFeatureCountOf(schema, _state.FeatureColumnName);
            if (count != null && count != _state.FeatureCount)
                throw new AnoOnlyInputException(
                    $"Feature column '{_state.FeatureColumnName}' has {count} values; the model was trained on {_state.FeatureCount}.",
                    _state.FeatureColumnName);
        }
    }
}
