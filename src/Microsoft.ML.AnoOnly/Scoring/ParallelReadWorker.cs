using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.ML.Data;

namespace Microsoft.ML.AnoOnly.Scoring
{
    /// <summary>
    /// One thread of a <see cref="ParallelReadCursor"/>: it owns one input cursor of a parallel cursor set, so the input's
    /// own work for those rows (a normalizer's getters, say) runs on this thread; it fills its blocks one batch of the
    /// input at a time, scores each block itself (on this thread only: the workers already share the cores), and hands
    /// them, with their batch, to the cursor that puts them in order. It has a few blocks of its own and waits for the
    /// cursor to give one back when all are taken, so a worker that runs ahead holds a bounded amount of memory.
    /// </summary>
    internal sealed class ParallelReadWorker : IDisposable
    {
        private readonly BlockInput _input;
        private readonly BlockingCollection<ScoringBlock> _free;
        // Unbounded: the blocks in it are bounded by _free, and a failure is the worker's last item.
        private readonly BlockingCollection<ReadItem> _filled = new();
        private Task? _task;

        private ParallelReadWorker(BlockInput input, ScoringBlock[] blocks)
        {
            _input = input;
            Blocks = blocks;
            _free = new BlockingCollection<ScoringBlock>(blocks.Length);
            foreach (ScoringBlock block in blocks)
                _free.Add(block);
        }

        /// <summary>A worker with <paramref name="blockCount"/> blocks over <paramref name="input"/>, numbered from
        /// <paramref name="firstIndex"/>, or null when a column the caller needs cannot be copied.</summary>
        public static ParallelReadWorker? TryCreate(ScoredDataView view, DataViewRowCursor input, IReadOnlyList<DataViewSchema.Column> callerInputColumns,
            int capacity, int blockCount, int firstIndex)
        {
            var blocks = new ScoringBlock[blockCount];
            for (int i = 0; i < blockCount; i++)
            {
                if (ScoringBlock.TryCreate(view, input, callerInputColumns, capacity, firstIndex + i) is not { } block)
                    return null;
                blocks[i] = block;
            }
            return new ParallelReadWorker(new BlockInput(input), blocks);
        }

        public IReadOnlyList<ScoringBlock> Blocks { get; }

        /// <summary>Whether the worker's thread is still running.</summary>
        public bool IsRunning => _task is { IsCompleted: false };

        /// <summary>Starts reading on a thread of its own (it waits on the input and on the consumer most of its life: a
        /// pool thread would hold back other work).</summary>
        public void Start(CancellationToken stop)
            => _task = Task.Factory.StartNew(() => Run(stop), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

        /// <summary>The worker's next item, waiting for it; false when the worker has finished and handed over all.</summary>
        public bool TryTake(out ReadItem item) => _filled.TryTake(out item, Timeout.Infinite);

        /// <summary>Gives back a block whose rows the consumer has served.</summary>
        public void Release(ScoringBlock block) => _free.Add(block);

        /// <summary>Waits for the thread to end (after the stop token was cancelled or the input ended).</summary>
        public void Join() => _task?.Wait();

        private void Run(CancellationToken stop)
        {
            try
            {
                using (_input.Cursor)
                {
                    while (!_input.Ended)
                    {
                        ScoringBlock block = _free.Take(stop);
                        block.Fill(_input, oneBatch: true);
                        // Taken before the block is handed over: the consumer may read the block at once.
                        bool failed = block.TakeFailure() != null;
                        block.Score(onAllCores: false);
                        if (block.Count > 0)
                            _filled.Add(new ReadItem(block, block.Batch), CancellationToken.None);
                        else
                            _free.Add(block, CancellationToken.None);
                        if (failed)
                            Failed();
                    }
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
            }
            catch (Exception)
            {
                // The scorer or the input's Dispose failed: the consumer reads on from a single cursor, which fails as a
                // single cursor does, if it does.
                Failed();
            }
            finally
            {
                _filled.CompleteAdding();
            }
        }

        /// <summary>Tells the consumer the input failed: at the batch of the last row the cursor was on, or later.</summary>
        private void Failed() => _filled.Add(new ReadItem(null, _input.Batch), CancellationToken.None);

        public void Dispose()
        {
            _free.Dispose();
            _filled.Dispose();
        }
    }

    /// <summary>What a worker hands over: a scored block of rows (<paramref name="Rows"/>), or null when its input failed,
    /// with the input batch it belongs to (the earliest the failed row may belong to).</summary>
    internal readonly record struct ReadItem(ScoringBlock? Rows, long Order);
}
