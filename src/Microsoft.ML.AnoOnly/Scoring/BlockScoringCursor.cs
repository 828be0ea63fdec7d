using System;
using System.Collections.Generic;
using System.Runtime.ExceptionServices;
using Microsoft.ML.Data;

namespace Microsoft.ML.AnoOnly.Scoring
{
    /// <summary>
    /// A cursor of <see cref="ScoredDataView"/> that reads up to a block of rows ahead, copies their features into one
    /// row-major buffer and scores them together (<see cref="IAnomalyScorer.ScoreBlock"/>: matrix-matrix products), then
    /// serves the rows one by one. Its buffers hold two blocks: while one block is scored on the other cores
    /// (<see cref="ParallelBlockScoring"/>), the calling thread reads the next one into the other half, so reading the
    /// input and scoring overlap; a block too cheap to hand over is scored by the calling thread after that reading. The
    /// input columns the caller asked for are copied into the blocks too (<see cref="BufferedColumn"/>), with each row's
    /// id and position, since the input cursor is ahead of the row served.
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
        private readonly ParallelBlockScoring _scoring;
        private readonly int _capacity, _featureCount;
        // Two blocks of rows, scores, positions, ids and errors: rented, since a cursor over a few rows would otherwise
        // allocate (and the runtime clear) a quarter of a megabyte at 30 features, and given back when it is disposed.
        private readonly float[] _rows, _scores;
        private readonly long[] _positions;
        private readonly DataViewRowId[] _ids;
        private readonly AnoOnlyInputException?[] _errors;
        private bool _returned;
        /// <summary>Rows read into each half, and the exception of the input that ended its reading, if any.</summary>
        private readonly int[] _count = new int[2];
        private readonly ExceptionDispatchInfo?[] _inputFailure = new ExceptionDispatchInfo?[2];
        /// <summary>The half served, and the row of it served (-1 before its first).</summary>
        private int _half, _slot = -1;
        private bool _started, _inputEnded, _nextRead;

        private BlockScoringCursor(ScoredDataView view, DataViewRowCursor input, int capacity)
        {
            _view = view;
            _input = input;
            _capacity = capacity;
            _featureCount = view.Scorer.FeatureCount;
            _features = new FeatureReader(input.GetGetter<VBuffer<float>>(view.FeatureColumn));
            _getId = input.GetIdGetter();
            _columns = new BufferedColumn?[view.InputCount];
            _scoring = new ParallelBlockScoring(view.Scorer, view.State.MultiplyAddsPerRow);
            _rows = ScoringScratch.Rent(2L * capacity * _featureCount);
            _scores = ScoringScratch.Rent<float>(2 * capacity);
            _positions = ScoringScratch.Rent<long>(2 * capacity);
            _ids = ScoringScratch.Rent<DataViewRowId>(2 * capacity);
            _errors = ScoringScratch.Rent<AnoOnlyInputException?>(2 * capacity);
        }

        /// <summary>The block cursor, or null when a column the caller needs cannot be copied (then score row by row).</summary>
        public static BlockScoringCursor? TryCreate(ScoredDataView view, DataViewRowCursor input, IEnumerable<DataViewSchema.Column> callerInputColumns,
            int capacity)
        {
            var cursor = new BlockScoringCursor(view, input, capacity);
            foreach (DataViewSchema.Column column in callerInputColumns)
            {
                BufferedColumn? buffer = BufferedColumn.TryCreate(input, input.Schema[column.Index], 2 * capacity);
                if (buffer == null)
                {
                    cursor.ReturnBuffers(); // the caller scores row by row from the same input cursor
                    return null;
                }
                cursor._columns[column.Index] = buffer;
                cursor._buffers.Add(buffer);
            }
            return cursor;
        }

        public override DataViewSchema Schema => _view.Schema;
        public override long Position => _slot < 0 ? -1 : _positions[Current];
        public override long Batch => _input.Batch;

        /// <summary>The place in the buffers of the row served.</summary>
        private int Current => _half * _capacity + _slot;

        public override bool MoveNext()
        {
            if (_slot + 1 < _count[_half])
            {
                _slot++;
                return true;
            }
            if (_inputFailure[_half] is { } failure)
            {
                _inputFailure[_half] = null;
                _count[_half] = 0;
                _slot = -1;
                _inputEnded = true;
                _nextRead = false;
                failure.Throw();
            }
            if (!_started)
            {
                _started = true;
                Read(_half);
            }
            else if (_nextRead)
            {
                _half = 1 - _half;
            }
            else
            {
                _count[_half] = 0;
                _slot = -1;
                return false;
            }
            _slot = -1;
            ScoreWhileReadingAhead();
            return MoveNext();
        }

        /// <summary>Scores the half about to be served while the next block is read into the other half.</summary>
        private void ScoreWhileReadingAhead()
        {
            int first = _half * _capacity, count = _count[_half];
            if (count > 0)
                _scoring.Start(_rows, _scores, first, count);
            _nextRead = false;
            if (!_inputEnded && _inputFailure[_half] == null)
            {
                Read(1 - _half);
                _nextRead = _count[1 - _half] > 0 || _inputFailure[1 - _half] != null;
            }
            if (count == 0)
                return;
            try
            {
                _scoring.Finish();
            }
            catch
            {
                // The block has no scores: serve none of it, and nothing after it.
                _count[_half] = 0;
                _inputEnded = true;
                _nextRead = false;
                throw;
            }
            string columnName = _view.State.FeatureColumnName;
            for (int slot = first; slot < first + count; slot++)
                _errors[slot] ??= ScoringGuard.CheckScore(_scores[slot], _rows.AsSpan(slot * _featureCount, _featureCount), columnName, _positions[slot]);
        }

        /// <summary>Reads up to a block of the input into <paramref name="half"/>.</summary>
        private void Read(int half)
        {
            string columnName = _view.State.FeatureColumnName;
            int first = half * _capacity, count = 0;
            _inputFailure[half] = null;
            try
            {
                while (count < _capacity)
                {
                    if (!_input.MoveNext())
                    {
                        _inputEnded = true;
                        break;
                    }
                    int slot = first + count;
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
                    count++;
                }
            }
            catch (Exception e)
            {
                _inputFailure[half] = ExceptionDispatchInfo.Capture(e);
            }
            _count[half] = count;
        }

        public override ValueGetter<DataViewRowId> GetIdGetter() => (ref DataViewRowId value) => value = _ids[Current];

        public override bool IsColumnActive(DataViewSchema.Column column)
            => column.Index >= _view.InputCount || _columns[column.Index] != null;

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            if (column.Index < _view.InputCount)
            {
                BufferedColumn buffer = _columns[column.Index]
                    ?? throw new InvalidOperationException($"Column '{column.Name}' was not requested when the cursor was created.");
                return buffer.Getter(() => Current) as ValueGetter<TValue>
                    ?? throw new InvalidOperationException($"Column '{column.Name}' is of type {column.Type.RawType.Name}, not {typeof(TValue).Name}.");
            }
            return ScoredDataView.ScoreGetter<TValue>(column, _view.InputCount, Score, _view.State.Threshold);
        }

        private float Score() => _errors[Current] is { } error ? throw error : _scores[Current];

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _input.Dispose();
                ReturnBuffers();
            }
            base.Dispose(disposing);
        }

        /// <summary>Gives the blocks back to the pool, once: no helper is inside a block between two calls of
        /// <see cref="MoveNext"/> (<see cref="ParallelBlockScoring.Finish"/> waits for them).</summary>
        private void ReturnBuffers()
        {
            if (_returned)
                return;
            _returned = true;
            ScoringScratch.Return(_rows);
            ScoringScratch.Return(_scores);
            ScoringScratch.Return(_positions);
            ScoringScratch.Return(_ids);
            ScoringScratch.Return(_errors);
        }
    }
}
