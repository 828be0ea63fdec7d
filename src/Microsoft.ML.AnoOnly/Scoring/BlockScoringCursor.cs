using System;
using System.Collections.Generic;
using System.Runtime.ExceptionServices;
using Microsoft.ML.Data;

namespace Microsoft.ML.AnoOnly.Scoring
{
    /// <summary>
    /// A cursor of <see cref="ScoredDataView"/> that reads up to a block of rows ahead, copies their features into one
    /// row-major buffer and scores them with one <see cref="IAnomalyScorer.ScoreBlock"/> call (matrix-matrix products),
    /// then serves the rows one by one. The input columns the caller asked for are copied into the block too
    /// (<see cref="BufferedColumn"/>), with each row's id and position, since the input cursor is ahead of the row served.
    /// A row that cannot be scored (wrong length, a value that is not finite, a score that is not a number) fails when
    /// its score is read, naming it, as row by row; an exception of the input while reading ahead is thrown by the
    /// <see cref="MoveNext"/> that reaches the row it happened on.
    /// </summary>
    internal sealed class BlockScoringCursor : DataViewRowCursor
    {
        private readonly ScoredDataView _view;
        private readonly DataViewRowCursor _input;
        private readonly FeatureReader _features;
        private readonly BufferedColumn?[] _columns;
        private readonly List<BufferedColumn> _buffers = new();
        private readonly ValueGetter<DataViewRowId> _getId;
        private readonly int _capacity, _featureCount;
        private readonly float[] _rows, _scores;
        private readonly long[] _positions;
        private readonly DataViewRowId[] _ids;
        private readonly AnoOnlyInputException?[] _errors;
        private int _count, _slot = -1;
        private bool _inputEnded;
        private ExceptionDispatchInfo? _inputFailure;

        private BlockScoringCursor(ScoredDataView view, DataViewRowCursor input, int capacity)
        {
            _view = view;
            _input = input;
            _capacity = capacity;
            _featureCount = view.Scorer.FeatureCount;
            _features = new FeatureReader(input.GetGetter<VBuffer<float>>(view.FeatureColumn));
            _getId = input.GetIdGetter();
            _columns = new BufferedColumn?[view.InputCount];
            _rows = new float[(long)capacity * _featureCount];
            _scores = new float[capacity];
            _positions = new long[capacity];
            _ids = new DataViewRowId[capacity];
            _errors = new AnoOnlyInputException?[capacity];
        }

        /// <summary>The block cursor, or null when a column the caller needs cannot be copied (then score row by row).</summary>
        public static BlockScoringCursor? TryCreate(ScoredDataView view, DataViewRowCursor input, IEnumerable<DataViewSchema.Column> callerInputColumns,
            int capacity)
        {
            var cursor = new BlockScoringCursor(view, input, capacity);
            foreach (DataViewSchema.Column column in callerInputColumns)
            {
                BufferedColumn? buffer = BufferedColumn.TryCreate(input, input.Schema[column.Index], capacity);
                if (buffer == null)
                    return null;
                cursor._columns[column.Index] = buffer;
                cursor._buffers.Add(buffer);
            }
            return cursor;
        }

        public override DataViewSchema Schema => _view.Schema;
        public override long Position => _slot < 0 ? -1 : _positions[_slot];
        public override long Batch => _input.Batch;

        public override bool MoveNext()
        {
            if (_slot + 1 < _count)
            {
                _slot++;
                return true;
            }
            if (_inputFailure != null)
            {
                ExceptionDispatchInfo failure = _inputFailure;
                _inputFailure = null;
                _inputEnded = true;
                failure.Throw();
            }
            if (_inputEnded)
            {
                _count = 0;
                _slot = -1;
                return false;
            }
            ReadBlock();
            _slot = -1;
            return MoveNext();
        }

        private void ReadBlock()
        {
            string columnName = _view.State.FeatureColumnName;
            _count = 0;
            try
            {
                while (_count < _capacity)
                {
                    if (!_input.MoveNext())
                    {
                        _inputEnded = true;
                        break;
                    }
                    int slot = _count;
                    long position = _input.Position;
                    ReadOnlySpan<float> features = _features.Read();
                    Span<float> row = _rows.AsSpan(slot * _featureCount, _featureCount);
                    _errors[slot] = ScoringGuard.CheckRow(features, _featureCount, columnName, position);
                    if (_errors[slot] == null)
                        features.CopyTo(row);
                    else
                        row.Clear();
                    foreach (BufferedColumn buffer in _buffers)
                        buffer.Read(slot);
                    _getId(ref _ids[slot]);
                    _positions[slot] = position;
                    _count++;
                }
            }
            catch (Exception e)
            {
                _inputFailure = ExceptionDispatchInfo.Capture(e);
            }
            if (_count == 0)
                return;
            ParallelBlocks.Score(_view.Scorer, _view.State.MultiplyAddsPerRow, _rows, _count, _scores);
            for (int slot = 0; slot < _count; slot++)
            {
                _errors[slot] ??= ScoringGuard.CheckScore(_scores[slot], _rows.AsSpan(slot * _featureCount, _featureCount), columnName,
                    _positions[slot]);
            }
        }

        public override ValueGetter<DataViewRowId> GetIdGetter() => (ref DataViewRowId value) => value = _ids[_slot];

        public override bool IsColumnActive(DataViewSchema.Column column)
            => column.Index >= _view.InputCount || _columns[column.Index] != null;

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            if (column.Index < _view.InputCount)
            {
                BufferedColumn buffer = _columns[column.Index]
                    ?? throw new InvalidOperationException($"Column '{column.Name}' was not requested when the cursor was created.");
                return buffer.Getter(() => _slot) as ValueGetter<TValue>
                    ?? throw new InvalidOperationException($"Column '{column.Name}' is of type {column.Type.RawType.Name}, not {typeof(TValue).Name}.");
            }
            return ScoredDataView.ScoreGetter<TValue>(column, _view.InputCount, Score, _view.State.Threshold);
        }

        private float Score() => _errors[_slot] is { } error ? throw error : _scores[_slot];

        protected override void Dispose(bool disposing)
        {
            if (disposing)
                _input.Dispose();
            base.Dispose(disposing);
        }
    }
}
