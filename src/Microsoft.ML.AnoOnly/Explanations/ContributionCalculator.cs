using System;
using Microsoft.ML.AnoOnly.Persistence;
using Microsoft.ML.AnoOnly.Scoring;
using Microsoft.ML.Data;

namespace Microsoft.ML.AnoOnly.Explanations
{
    /// <summary>
    /// The contributions of one row at a time: reads the feature column of a row (or cursor), checks it as scoring does,
    /// and explains it against the reference, once per row position. One per cursor or row (not thread-safe); the scorer
    /// it calls is.
    /// </summary>
    internal sealed class ContributionCalculator
    {
        private readonly IAnomalyScorer _scorer;
        private readonly float[] _reference;
        private readonly string _columnName;
        private readonly DataViewRow _row;
        private readonly FeatureReader _features;
        private readonly bool _namesRows;
        private readonly float[] _contributions;
        private long _position = long.MinValue;

        /// <param name="scorer">The model's scorer.</param>
        /// <param name="reference">The normal reference row.</param>
        /// <param name="state">The model state (for the feature column's name in messages).</param>
        /// <param name="row">The row or cursor whose current row is explained.</param>
        /// <param name="features">The feature column of <paramref name="row"/>.</param>
        /// <param name="namesRows">Whether the row's position is a row number worth naming in messages (a cursor's), not a
        /// prediction engine's call count.</param>
        public ContributionCalculator(IAnomalyScorer scorer, float[] reference, ModelState state, DataViewRow row, DataViewSchema.Column features,
            bool namesRows)
        {
            _scorer = scorer;
            _reference = reference;
            _columnName = state.FeatureColumnName;
            _row = row;
            _features = new FeatureReader(row.GetGetter<VBuffer<float>>(features));
            _namesRows = namesRows;
            _contributions = new float[scorer.FeatureCount];
        }

        public ValueGetter<VBuffer<float>> Getter => (ref VBuffer<float> value) =>
        {
            Compute();
            VBufferEditor<float> editor = VBufferEditor.Create(ref value, _contributions.Length);
            _contributions.CopyTo(editor.Values);
            value = editor.Commit();
        };

        private void Compute()
        {
            if (_position == _row.Position)
                return;
            ReadOnlySpan<float> features = _features.Read();
            long? row = _namesRows ? _row.Position : null;
            if (ScoringGuard.CheckRow(features, _scorer.FeatureCount, _columnName, row) is { } refused)
                throw refused;
            _scorer.Explain(features, _reference, _contributions);
            _position = _row.Position;
        }
    }
}
