using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.AnoOnly.Persistence;
using Microsoft.ML.Data;

namespace Microsoft.ML.AnoOnly.Scoring
{
    /// <summary>
    /// The model as a row-to-row mapper: what <c>PredictionEngine</c> (through <see cref="ITransformer.GetRowToRowMapper"/>,
    /// directly or inside a <see cref="TransformerChain{TLastTransformer}"/>) scores single rows with. The output row passes
    /// the input's columns through and computes <c>Score</c> and <c>PredictedLabel</c> from the feature column, once per
    /// input row (cached by the row's position, which a prediction engine advances with every call).
    /// </summary>
    internal sealed class ScoringRowMapper : IRowToRowMapper
    {
        private readonly IAnomalyScorer _scorer;
        private readonly ModelState _state;
        private readonly DataViewSchema.Column _features;

        public ScoringRowMapper(DataViewSchema inputSchema, IAnomalyScorer scorer, ModelState state)
        {
            InputSchema = inputSchema;
            OutputSchema = ScoredDataView.OutputSchema(inputSchema);
            _scorer = scorer;
            _state = state;
            _features = inputSchema[state.FeatureColumnName];
        }

        public DataViewSchema InputSchema { get; }
        public DataViewSchema OutputSchema { get; }

        public IEnumerable<DataViewSchema.Column> GetDependencies(IEnumerable<DataViewSchema.Column> dependingColumns)
        {
            var inputs = new List<DataViewSchema.Column>();
            bool scoring = false;
            foreach (DataViewSchema.Column column in dependingColumns)
            {
                if (column.Index < InputSchema.Count)
                    inputs.Add(InputSchema[column.Index]);
                else
                    scoring = true;
            }
            if (scoring && inputs.All(c => c.Index != _features.Index))
                inputs.Add(_features);
            return inputs;
        }

        public DataViewRow GetRow(DataViewRow input, IEnumerable<DataViewSchema.Column> activeColumns)
        {
            ArgumentNullException.ThrowIfNull(input);
            bool scoring = activeColumns.Any(c => c.Index >= InputSchema.Count);
            return new Row(this, input, scoring);
        }

        private sealed class Row : DataViewRow
        {
            private readonly ScoringRowMapper _mapper;
            private readonly DataViewRow _input;
            private readonly bool _scoring;
            private readonly FeatureReader? _features;
            private long _scoredPosition = long.MinValue;
            private float _score;

            public Row(ScoringRowMapper mapper, DataViewRow input, bool scoring)
            {
                _mapper = mapper;
                _input = input;
                _scoring = scoring;
                if (scoring)
                    _features = new FeatureReader(input.GetGetter<VBuffer<float>>(mapper._features));
            }

            public override DataViewSchema Schema => _mapper.OutputSchema;
            public override long Position => _input.Position;
            public override long Batch => _input.Batch;
            public override ValueGetter<DataViewRowId> GetIdGetter() => _input.GetIdGetter();

            public override bool IsColumnActive(DataViewSchema.Column column)
                => column.Index < _mapper.InputSchema.Count ? _input.IsColumnActive(_input.Schema[column.Index]) : _scoring;

            public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
            {
                if (column.Index < _mapper.InputSchema.Count)
                    return _input.GetGetter<TValue>(_input.Schema[column.Index]);
                if (!_scoring)
                    throw new InvalidOperationException($"Column '{column.Name}' was not requested when the row was created.");
                return ScoredDataView.ScoreGetter<TValue>(column, _mapper.InputSchema.Count, Score, _mapper._state.Threshold);
            }

            private float Score()
            {
                if (_scoredPosition != _input.Position)
                {
                    // A prediction engine's row positions count calls, not rows of a data set: messages say "a row".
                    _score = ScoringGuard.Score(_mapper._scorer, _features!.Read(), _mapper._state.FeatureColumnName);
                    _scoredPosition = _input.Position;
                }
                return _score;
            }
        }
    }
}
