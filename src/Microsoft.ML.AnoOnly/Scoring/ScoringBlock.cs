using System;
using System.Collections.Generic;
using System.Runtime.ExceptionServices;
using Microsoft.ML.Data;

namespace Microsoft.ML.AnoOnly.Scoring
{
    /// <summary>
    /// A block of rows read ahead from one input cursor and scored together: the features of the rows in one row-major
    /// buffer (scored by one <see cref="IAnomalyScorer.ScoreBlock"/> call, matrix-matrix products), the input columns the
    /// caller asked for (<see cref="BufferedColumn"/>), and each row's id and input position, since the input cursor is
    /// ahead of the row served. A row that cannot be scored (wrong length, a value that is not finite, a score that is
    /// not a number) is remembered, and fails when its score is read, naming the row the reader of the block says it is
    /// (a block read on a worker thread does not know its rows' places in the output). An exception of the input is kept
    /// with the rows read before it. The storage of <see cref="BlockScoringCursor"/> and of each worker of
    /// <see cref="ParallelReadCursor"/>.
    /// </summary>
    internal sealed class ScoringBlock
    {
        private readonly ScoredDataView _view;
        private readonly FeatureReader _features;
        private readonly ValueGetter<DataViewRowId> _getId;
        private readonly BufferedColumn?[] _columns;
        private readonly List<BufferedColumn> _buffers = new();
        private readonly int _capacity, _featureCount;
        private readonly float[] _rows, _scores;
        private readonly long[] _positions;
        private readonly DataViewRowId[] _ids;
        // A row refused before scoring keeps its features (rare, and a copy), so that the error can be written when its
        // score is read, with the row number known then; a score that is not a number keeps its row in _rows.
        private readonly float[]?[] _refused;
        private readonly bool[] _notANumber;

        private ScoringBlock(ScoredDataView view, DataViewRowCursor input, int capacity, int index)
        {
            _view = view;
            _capacity = capacity;
            Index = index;
            _featureCount = view.Scorer.FeatureCount;
            _features = new FeatureReader(input.GetGetter<VBuffer<float>>(view.FeatureColumn));
            _getId = input.GetIdGetter();
            _columns = new BufferedColumn?[view.InputCount];
            _rows = new float[(long)capacity * _featureCount];
            _scores = new float[capacity];
            _positions = new long[capacity];
            _ids = new DataViewRowId[capacity];
            _refused = new float[]?[capacity];
            _notANumber = new bool[capacity];
        }

        /// <summary>A block of <paramref name="capacity"/> rows over <paramref name="input"/>, or null when a column the
        /// caller needs cannot be copied (then score row by row). <paramref name="index"/> is the block's number among the
        /// blocks of one output cursor.</summary>
        public static ScoringBlock? TryCreate(ScoredDataView view, DataViewRowCursor input, IEnumerable<DataViewSchema.Column> callerInputColumns,
            int capacity, int index = 0)
        {
            var block = new ScoringBlock(view, input, capacity, index);
            foreach (DataViewSchema.Column column in callerInputColumns)
            {
                BufferedColumn? buffer = BufferedColumn.TryCreate(input, input.Schema[column.Index], capacity);
                if (buffer == null)
                    return null;
                block._columns[column.Index] = buffer;
                block._buffers.Add(buffer);
            }
            return block;
        }

        /// <summary>The block's number among the blocks of one output cursor.</summary>
        public int Index { get; }

        /// <summary>The rows read by the last <see cref="Fill"/>.</summary>
        public int Count { get; private set; }

        /// <summary>The input's batch of the block's rows (of the first one, unless filled one batch at a time).</summary>
        public long Batch { get; private set; }

        /// <summary>The exception the input threw after the block's rows, if it did.</summary>
        public ExceptionDispatchInfo? Failure { get; private set; }

        public bool IsBuffered(int columnIndex) => _columns[columnIndex] != null;

        /// <summary>A getter of the buffered column <paramref name="columnIndex"/> that serves the slot
        /// <paramref name="currentSlot"/> returns.</summary>
        public Delegate? Getter(int columnIndex, Func<int> currentSlot) => _columns[columnIndex]?.Getter(currentSlot);

        /// <summary>The input cursor's position of the row in <paramref name="slot"/>.</summary>
        public long Position(int slot) => _positions[slot];

        public DataViewRowId Id(int slot) => _ids[slot];

        /// <summary>Empties the block.</summary>
        public void Clear() => Count = 0;

        /// <summary>The input's exception, which the block no longer holds.</summary>
        public ExceptionDispatchInfo? TakeFailure()
        {
            ExceptionDispatchInfo? failure = Failure;
            Failure = null;
            return failure;
        }

        /// <summary>
        /// Reads rows of <paramref name="input"/> until the block is full or the input ends or fails; with
        /// <paramref name="oneBatch"/>, also stops before a row of another batch of the input (leaving the cursor on it),
        /// so that the block holds rows that are contiguous in the order of a single cursor.
        /// </summary>
        public void Fill(BlockInput input, bool oneBatch)
        {
            DataViewRowCursor cursor = input.Cursor;
            string columnName = _view.State.FeatureColumnName;
            Count = 0;
            Failure = null;
            try
            {
                while (Count < _capacity && !input.Ended)
                {
                    if (!input.OnUnreadRow)
                    {
                        if (!cursor.MoveNext())
                        {
                            input.Ended = true;
                            break;
                        }
                        input.OnUnreadRow = true;
                    }
                    long batch = input.Batch = cursor.Batch;
                    if (Count == 0)
                        Batch = batch;
                    else if (oneBatch && batch != Batch)
                        break;
                    input.OnUnreadRow = false;
                    ReadRow(cursor, Count, columnName);
                    Count++;
                }
            }
            catch (Exception e)
            {
                Failure = ExceptionDispatchInfo.Capture(e);
                input.Ended = true;
            }
        }

        private void ReadRow(DataViewRowCursor cursor, int slot, string columnName)
        {
            long position = cursor.Position;
            ReadOnlySpan<float> features = _features.Read();
            Span<float> row = _rows.AsSpan(slot * _featureCount, _featureCount);
            _notANumber[slot] = false;
            if (ScoringGuard.CheckRow(features, _featureCount, columnName, position) == null)
            {
                features.CopyTo(row);
                _refused[slot] = null;
            }
            else
            {
                row.Clear();
                _refused[slot] = features.ToArray();
            }
            foreach (BufferedColumn buffer in _buffers)
                buffer.Read(slot);
            _getId(ref _ids[slot]);
            _positions[slot] = position;
        }

        /// <summary>Scores the block's rows: on every core when the block is worth it (<see cref="ParallelBlocks"/>), or on
        /// the calling thread alone (a worker of a parallel read, which already is one of several).</summary>
        public void Score(bool onAllCores)
        {
            if (Count == 0)
                return;
            if (onAllCores)
                ParallelBlocks.Score(_view.Scorer, _view.State.MultiplyAddsPerRow, _rows, Count, _scores);
            else
                _view.Scorer.ScoreBlock(_rows.AsSpan(0, Count * _featureCount), Count, _scores);
            for (int slot = 0; slot < Count; slot++)
                _notANumber[slot] = _refused[slot] == null && float.IsNaN(_scores[slot]);
        }

        /// <summary>The score of the row in <paramref name="slot"/>, or the error of a row that cannot be scored, naming
        /// it as row <paramref name="row"/>.</summary>
        public float ScoreOf(int slot, long row)
        {
            string columnName = _view.State.FeatureColumnName;
            if (_refused[slot] is { } refused)
                throw ScoringGuard.CheckRow(refused, _featureCount, columnName, row)!;
            if (_notANumber[slot])
                throw ScoringGuard.CheckScore(_scores[slot], _rows.AsSpan(slot * _featureCount, _featureCount), columnName, row)!;
            return _scores[slot];
        }
    }
}
