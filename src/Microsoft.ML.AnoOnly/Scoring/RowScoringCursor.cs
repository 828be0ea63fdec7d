using System;
using Microsoft.ML.Data;

namespace Microsoft.ML.AnoOnly.Scoring
{
    /// <summary>
    /// A cursor of <see cref="ScoredDataView"/> that scores each row when its score is first read, from the feature
    /// column's buffer. Used when the caller does not read the scores, or needs an input column of a type the block
    /// cursor cannot copy.
    /// </summary>
    internal sealed class RowScoringCursor : DataViewRowCursor
    {
        private readonly ScoredDataView _view;
        private readonly DataViewRowCursor _input;
        private readonly bool _scoring;
        private readonly FeatureReader? _features;
        private long _scoredPosition = -1;
        private float _score;

        public RowScoringCursor(ScoredDataView view, DataViewRowCursor input, bool scoring)
        {
            _view = view;
            _input = input;
            _scoring = scoring;
            if (scoring)
                _features = new FeatureReader(input.GetGetter<VBuffer<float>>(view.FeatureColumn));
        }

        public override DataViewSchema Schema => _view.Schema;
        public override long Position => _input.Position;
        public override long Batch => _input.Batch;
        public override bool MoveNext() => _input.MoveNext();
        public override ValueGetter<DataViewRowId> GetIdGetter() => _input.GetIdGetter();

        public override bool IsColumnActive(DataViewSchema.Column column)
            => column.Index < _view.InputCount ? _input.IsColumnActive(_input.Schema[column.Index]) : _scoring;

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            if (column.Index < _view.InputCount)
                return _input.GetGetter<TValue>(_input.Schema[column.Index]);
            if (!_scoring)
                throw new InvalidOperationException($"Column '{column.Name}' was not requested when the cursor was created.");
            return ScoredDataView.ScoreGetter<TValue>(column, _view.InputCount, Score, _view.State.Threshold);
        }

        private float Score()
        {
            if (_scoredPosition != _input.Position)
            {
                _score = ScoringGuard.Score(_view.Scorer, _features!.Read(), _view.State.FeatureColumnName, _input.Position);
                _scoredPosition = _input.Position;
            }
            return _score;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
                _input.Dispose();
            base.Dispose(disposing);
        }
    }
}
