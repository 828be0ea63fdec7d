using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.ML.Data;

namespace Microsoft.ML.AnoOnly.Scoring
{
    /// <summary>
    /// The one cursor of <see cref="ScoredDataView"/> that a caller reading the scores gets when the input gives a cursor
    /// set of several cursors (it splits even when asked for one, or more were asked for): each input cursor of the set is
    /// read, and its blocks scored, by a <see cref="ParallelReadWorker"/> of its own, so the input's work runs on several
    /// cores as well as the scoring, as in ML.NET's own consolidation of a cursor set. The rows come
    /// out in the order of a single cursor: the cursors of a set split the rows into batches, each cursor's batches come in
    /// increasing <see cref="DataViewRow.Batch"/>, no two cursors share one, and the rows in the order of a single cursor
    /// are the rows of all cursors stably sorted by batch. Each worker's blocks hold one batch (or part of one), so the next
    /// block to serve is, among the next block of every worker still running, the one of the lowest batch. Positions count
    /// the rows served, as a single cursor's do, and name the row of a row that cannot be scored. When the input fails,
    /// the cursor stops the workers and reads on from a single cursor of the input, past the rows already served: the
    /// failure then surfaces as it does on a single cursor, at the same row, as the same exception (a split input does not
    /// tell which row failed, and ML.NET's splitter wraps a failure of its source in an exception of its own). Dispose
    /// stops the workers and waits for them.
    /// </summary>
    internal sealed class ParallelReadCursor : DataViewRowCursor
    {
        /// <summary>Fewest rows (when the input knows its count) worth starting threads for.</summary>
        public const long MinimumRows = 2048;

        /// <summary>Blocks per worker: one it fills, one waiting, one the cursor serves.</summary>
        private const int BlocksPerWorker = 3;

        private readonly ScoredDataView _view;
        private readonly ParallelReadWorker[] _workers;
        private readonly ReadItem?[] _heads;
        private readonly bool[] _finished;
        private readonly CancellationTokenSource _stop = new();
        private readonly Func<long, DataViewRowCursor> _resume;
        private DataViewRowCursor? _single;
        private ScoringBlock? _current;
        private int _currentWorker, _slot = -1;
        private long _position = -1;
        private bool _ended, _stopped;

        private ParallelReadCursor(ScoredDataView view, ParallelReadWorker[] workers, Func<long, DataViewRowCursor> resume)
        {
            _view = view;
            _resume = resume;
            _workers = workers;
            _heads = new ReadItem?[workers.Length];
            _finished = new bool[workers.Length];
            foreach (ParallelReadWorker worker in workers)
                worker.Start(_stop.Token);
        }

        /// <summary>Whether reading <paramref name="input"/> on <paramref name="threads"/> threads may pay: more than one,
        /// enough rows (or an unknown count), and every input column the caller reads can be copied into a block.</summary>
        public static bool WorthTrying(IDataView input, IEnumerable<DataViewSchema.Column> callerInputColumns, int threads)
            => threads > 1 && (input.GetRowCount() is not long rows || rows >= MinimumRows)
               && callerInputColumns.All(c => BufferedColumn.CanCopy(c.Type));

        /// <summary>The cursor over the <paramref name="inputs"/> of one cursor set (more than one), which it owns from now
        /// on; null (the inputs disposed) when a column the caller needs cannot be copied. <paramref name="resume"/> opens
        /// the single cursor that serves the rows from the given one on, should the input fail.</summary>
        public static ParallelReadCursor? TryCreate(ScoredDataView view, DataViewRowCursor[] inputs, IReadOnlyList<DataViewSchema.Column> callerInputColumns,
            int capacity, Func<long, DataViewRowCursor> resume)
        {
            var workers = new ParallelReadWorker[inputs.Length];
            for (int w = 0; w < inputs.Length; w++)
            {
                if (ParallelReadWorker.TryCreate(view, inputs[w], callerInputColumns, capacity, BlocksPerWorker, w * BlocksPerWorker) is not { } worker)
                {
                    foreach (ParallelReadWorker made in workers.Take(w))
                        made.Dispose();
                    foreach (DataViewRowCursor input in inputs)
                        input.Dispose();
                    return null;
                }
                workers[w] = worker;
            }
            return new ParallelReadCursor(view, workers, resume);
        }

        /// <summary>How many of the workers' threads are still running (none once the cursor is disposed).</summary>
        internal int RunningWorkers => _workers.Count(w => w.IsRunning);

        /// <summary>How many input cursors the rows are read from.</summary>
        internal int WorkerCount => _workers.Length;

        public override DataViewSchema Schema => _view.Schema;
        public override long Position => _single?.Position ?? (_current == null ? -1 : _position);

        /// <summary>0: the cursor serves all rows in order, as a single cursor.</summary>
        public override long Batch => 0;

        /// <summary>Whether the input failed and the rows now come from a single cursor.</summary>
        internal bool ReadsOnOneCursor => _single != null;

        public override bool MoveNext()
        {
            if (_single != null)
                return _single.MoveNext();
            while (true)
            {
                if (_current != null)
                {
                    if (_slot + 1 < _current.Count)
                    {
                        _slot++;
                        _position++;
                        return true;
                    }
                    _workers[_currentWorker].Release(_current);
                    _current = null;
                    _slot = -1;
                }
                if (_ended)
                    return false;
                int next = NextWorker();
                if (next < 0)
                {
                    End();
                    return false;
                }
                ReadItem item = _heads[next]!.Value;
                _heads[next] = null;
                if (item.Rows == null)
                {
                    End();
                    _single = _resume(_position + 1);
                    return _single.MoveNext();
                }
                _current = item.Rows;
                _currentWorker = next;
            }
        }

        /// <summary>The worker whose next item comes first in the order of a single cursor (the lowest batch), waiting for
        /// each running worker's next item; -1 when all have finished.</summary>
        private int NextWorker()
        {
            int best = -1;
            for (int w = 0; w < _workers.Length; w++)
            {
                if (_heads[w] == null && !_finished[w])
                {
                    if (_workers[w].TryTake(out ReadItem item))
                        _heads[w] = item;
                    else
                        _finished[w] = true;
                }
                if (_heads[w] is { } head && (best < 0 || head.Order < _heads[best]!.Value.Order))
                    best = w;
            }
            return best;
        }

        private ScoringBlock Current => _current ?? throw new InvalidOperationException("The cursor is not on a row.");

        public override ValueGetter<DataViewRowId> GetIdGetter()
        {
            ValueGetter<DataViewRowId>? single = null;
            return (ref DataViewRowId value) =>
            {
                if (_single == null)
                    value = Current.Id(_slot);
                else
                    (single ??= _single.GetIdGetter())(ref value);
            };
        }

        public override bool IsColumnActive(DataViewSchema.Column column)
            => column.Index >= _view.InputCount || _workers[0].Blocks[0].IsBuffered(column.Index);

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            ValueGetter<TValue> parallel = ParallelGetter<TValue>(column);
            ValueGetter<TValue>? single = null;
            // The caller asks for its getters once, before the input may fail: after, they read the single cursor's.
            return (ref TValue value) =>
            {
                if (_single == null)
                    parallel(ref value);
                else
                    (single ??= _single.GetGetter<TValue>(column))(ref value);
            };
        }

        private ValueGetter<TValue> ParallelGetter<TValue>(DataViewSchema.Column column)
        {
            if (column.Index >= _view.InputCount)
                return ScoredDataView.ScoreGetter<TValue>(column, _view.InputCount, () => Current.ScoreOf(_slot, _position), _view.State.Threshold);
            // A getter per block (each block buffers the column in its own arrays), chosen by the block being served.
            ValueGetter<TValue>[] getters = _workers.SelectMany(w => w.Blocks)
                .Select(b => ScoredDataView.BufferedGetter<TValue>(column, b.Getter(column.Index, () => _slot))).ToArray();
            return (ref TValue value) => getters[Current.Index](ref value);
        }

        /// <summary>No more rows to serve: the workers are stopped, and their input cursors disposed.</summary>
        private void End()
        {
            _ended = true;
            Stop();
        }

        private void Stop()
        {
            if (_stopped)
                return;
            _stopped = true;
            _stop.Cancel();
            foreach (ParallelReadWorker worker in _workers)
                worker.Join();
            foreach (ParallelReadWorker worker in _workers)
                worker.Dispose();
            _stop.Dispose();
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _ended = true;
                _current = null;
                Stop();
                _single?.Dispose();
            }
            base.Dispose(disposing);
        }
    }
}
