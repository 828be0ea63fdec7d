using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.AnoOnly.Persistence;
using Microsoft.ML.Data;

namespace Microsoft.ML.AnoOnly.Scoring
{
    /// <summary>
    /// What <see cref="AnoOnlyTransformer.Transform(IDataView)"/> returns: the input with <c>Score</c> and
    /// <c>PredictedLabel</c> computed lazily, straight from the feature column's buffer by the managed scorer.
    /// The saved chain of ML.NET transformers (<see cref="SavedPipeline"/>) gives the same values, but pays per
    /// row for a column copy, a state lookup and a copy of the features into an object; this view does
    /// none of that. Each cursor (also each of a parallel cursor set) keeps its own buffers.
    /// </summary>
    internal sealed class ScoredDataView : IDataView
    {
        public const string ScoreColumnName = "Score";
        public const string PredictedLabelColumnName = "PredictedLabel";

        private readonly IDataView _input;
        private readonly IAnomalyScorer _scorer;
        private readonly ModelState _state;
        private readonly DataViewSchema.Column _features;

        public ScoredDataView(IDataView input, IAnomalyScorer scorer, ModelState state)
        {
            _input = input;
            _scorer = scorer;
            _state = state;
            _features = input.Schema[state.FeatureColumnName];
            Schema = OutputSchema(input.Schema);
        }

        public DataViewSchema Schema { get; }
        public bool CanShuffle => _input.CanShuffle;
        private int InputCount => _input.Schema.Count;

        /// <summary>The input's columns (so same-named earlier columns become hidden), then Score and PredictedLabel.</summary>
        public static DataViewSchema OutputSchema(DataViewSchema inputSchema)
        {
            var builder = new DataViewSchema.Builder();
            builder.AddColumns(inputSchema);
            builder.AddColumn(ScoreColumnName, NumberDataViewType.Single);
            builder.AddColumn(PredictedLabelColumnName, BooleanDataViewType.Instance);
            return builder.ToSchema();
        }

        public long? GetRowCount() => _input.GetRowCount();

        public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
        {
            (List<DataViewSchema.Column> inputColumns, bool scoring) = InputColumns(columnsNeeded);
            return new Cursor(this, _input.GetRowCursor(inputColumns, rand), scoring);
        }

        public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null)
        {
            (List<DataViewSchema.Column> inputColumns, bool scoring) = InputColumns(columnsNeeded);
            return _input.GetRowCursorSet(inputColumns, n, rand).Select(c => (DataViewRowCursor)new Cursor(this, c, scoring)).ToArray();
        }

        private (List<DataViewSchema.Column> Columns, bool Scoring) InputColumns(IEnumerable<DataViewSchema.Column> needed)
        {
            var columns = new List<DataViewSchema.Column>();
            bool scoring = false;
            foreach (DataViewSchema.Column column in needed)
            {
                if (column.Index < InputCount)
                    columns.Add(_input.Schema[column.Index]);
                else
                    scoring = true;
            }
            if (scoring && !columns.Any(c => c.Index == _features.Index))
                columns.Add(_features);
            return (columns, scoring);
        }

        private sealed class Cursor : DataViewRowCursor
        {
            private readonly ScoredDataView _view;
            private readonly DataViewRowCursor _input;
            private readonly bool _scoring;
            private readonly ValueGetter<VBuffer<float>>? _getFeatures;
            private VBuffer<float> _buffer;
            private float[] _dense = Array.Empty<float>();
            private long _scoredPosition = -1;
            private float _score;

            public Cursor(ScoredDataView view, DataViewRowCursor input, bool scoring)
            {
                _view = view;
                _input = input;
                _scoring = scoring;
                if (scoring)
                    _getFeatures = input.GetGetter<VBuffer<float>>(view._features);
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
                bool isScore = column.Index == _view.InputCount;
                Type expected = isScore ? typeof(float) : typeof(bool);
                if (typeof(TValue) != expected)
                    throw new InvalidOperationException($"Column '{column.Name}' is of type {expected.Name}, not {typeof(TValue).Name}.");
                Delegate getter = isScore
                    ? (ValueGetter<float>)((ref float value) => value = Score())
                    : (ValueGetter<bool>)((ref bool value) => value = Score() > _view._state.Threshold);
                return (ValueGetter<TValue>)getter;
            }

            private float Score()
            {
                if (_scoredPosition != _input.Position)
                {
                    _getFeatures!(ref _buffer);
                    ReadOnlySpan<float> features;
                    if (_buffer.IsDense)
                        features = _buffer.GetValues();
                    else
                    {
                        if (_dense.Length != _buffer.Length)
                            _dense = new float[_buffer.Length];
                        _buffer.CopyTo(_dense);
                        features = _dense;
                    }
                    _score = ScoringGuard.Score(_view._scorer, features, _view._state.FeatureColumnName, _input.Position);
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
}
