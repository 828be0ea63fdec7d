using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.Data;

namespace Microsoft.ML.AnoOnly.Explanations
{
    /// <summary>What <see cref="AnoOnlyFeatureContributionTransformer.Transform"/> returns: the input with
    /// <c>FeatureContributions</c> computed lazily, row by row, when read.</summary>
    internal sealed class ContributionDataView : IDataView
    {
        private readonly IDataView _input;
        private readonly AnoOnlyFeatureContributionTransformer _parent;
        private readonly DataViewSchema.Column _features;

        public ContributionDataView(IDataView input, AnoOnlyFeatureContributionTransformer parent)
        {
            _input = input;
            _parent = parent;
            _features = input.Schema[parent.Model.FeatureColumnName];
            Schema = ContributionSchema.Of(input.Schema, _features, parent.Model.FeatureCount);
        }

        public DataViewSchema Schema { get; }
        public bool CanShuffle => _input.CanShuffle;
        public long? GetRowCount() => _input.GetRowCount();

        public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
        {
            (var columns, bool explaining) = InputColumns(columnsNeeded);
            return new Cursor(this, _input.GetRowCursor(columns, rand), explaining);
        }

        public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null)
        {
            (var columns, bool explaining) = InputColumns(columnsNeeded);
            return _input.GetRowCursorSet(columns, n, rand).Select(c => (DataViewRowCursor)new Cursor(this, c, explaining)).ToArray();
        }

        private (List<DataViewSchema.Column> Columns, bool Explaining) InputColumns(IEnumerable<DataViewSchema.Column> needed)
            => ContributionSchema.InputColumns(needed, _input.Schema, _features);

        private sealed class Cursor : DataViewRowCursor
        {
            private readonly ContributionDataView _view;
            private readonly DataViewRowCursor _input;
            private readonly ContributionCalculator? _calculator;

            public Cursor(ContributionDataView view, DataViewRowCursor input, bool explaining)
            {
                _view = view;
                _input = input;
                if (explaining)
                    _calculator = view._parent.Calculator(input, view._features, namesRows: true);
            }

            public override DataViewSchema Schema => _view.Schema;
            public override long Position => _input.Position;
            public override long Batch => _input.Batch;
            public override bool MoveNext() => _input.MoveNext();
            public override ValueGetter<DataViewRowId> GetIdGetter() => _input.GetIdGetter();

            public override bool IsColumnActive(DataViewSchema.Column column)
                => column.Index < _input.Schema.Count ? _input.IsColumnActive(_input.Schema[column.Index]) : _calculator != null;

            public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
                => ContributionSchema.Getter<TValue>(_input, _calculator, column, _input.Schema.Count);

            protected override void Dispose(bool disposing)
            {
                if (disposing)
                    _input.Dispose();
                base.Dispose(disposing);
            }
        }
    }
}
