using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.Data;

namespace Microsoft.ML.AnoOnly.Explanations
{
    /// <summary>The explanation as a row-to-row mapper, for <c>PredictionEngine</c>: passes the input's columns through and
    /// adds <c>FeatureContributions</c>.</summary>
    internal sealed class ContributionRowMapper : IRowToRowMapper
    {
        private readonly AnoOnlyFeatureContributionTransformer _parent;
        private readonly DataViewSchema.Column _features;

        public ContributionRowMapper(DataViewSchema inputSchema, AnoOnlyFeatureContributionTransformer parent)
        {
            InputSchema = inputSchema;
            _parent = parent;
            _features = inputSchema[parent.Model.FeatureColumnName];
            OutputSchema = ContributionSchema.Of(inputSchema, _features, parent.Model.FeatureCount);
        }

        public DataViewSchema InputSchema { get; }
        public DataViewSchema OutputSchema { get; }

        public IEnumerable<DataViewSchema.Column> GetDependencies(IEnumerable<DataViewSchema.Column> dependingColumns)
            => ContributionSchema.InputColumns(dependingColumns, InputSchema, _features).Columns;

        public DataViewRow GetRow(DataViewRow input, IEnumerable<DataViewSchema.Column> activeColumns)
            => new Row(this, input ?? throw new ArgumentNullException(nameof(input)), activeColumns.Any(c => c.Index >= InputSchema.Count));

        private sealed class Row : DataViewRow
        {
            private readonly ContributionRowMapper _mapper;
            private readonly DataViewRow _input;
            private readonly ContributionCalculator? _calculator;

            public Row(ContributionRowMapper mapper, DataViewRow input, bool explaining)
            {
                _mapper = mapper;
                _input = input;
                if (explaining)
                    _calculator = mapper._parent.Calculator(input, mapper._features, namesRows: false);
            }

            public override DataViewSchema Schema => _mapper.OutputSchema;
            public override long Position => _input.Position;
            public override long Batch => _input.Batch;
            public override ValueGetter<DataViewRowId> GetIdGetter() => _input.GetIdGetter();

            public override bool IsColumnActive(DataViewSchema.Column column)
                => column.Index < _mapper.InputSchema.Count ? _input.IsColumnActive(_input.Schema[column.Index]) : _calculator != null;

            public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
                => ContributionSchema.Getter<TValue>(_input, _calculator, column, _mapper.InputSchema.Count);
        }
    }
}
