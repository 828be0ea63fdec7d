using System;
using System.Runtime.CompilerServices;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using Microsoft.ML.AnoOnly.Cli.Data;
using Microsoft.ML.Data;

namespace Microsoft.ML.AnoOnly.Cli.Scoring
{
    /// <summary>
    /// <c>score</c>'s fast path for files of numbers. The calling thread reads the file in large blocks of bytes, finds the
    /// lines and writes the finished output; worker threads (one per processor) each take whole blocks through three steps:
    /// parse the feature fields straight into float buffers (<see cref="PlainLineParser"/>), score them with the model's
    /// own <c>Transform</c> over a view of the buffers (so its preparation and block scorer run as on TextLoader's rows),
    /// and format each output line: the input line's bytes unchanged, then the score and the flag. Workers never wait for
    /// each other (a block is one worker's from start to end), and the calling thread writes the blocks in file order.
    /// Memory is a few blocks, whatever the file's size. It stops at the first line it cannot take as TextLoader would (a quote, a stray space, a
    /// malformed number): <see cref="Run"/> then reports how many rows it wrote, and the caller lets TextLoader score the
    /// rest. The two paths write the same bytes (tests check it).
    /// </summary>
    internal sealed class StreamingCsvScorer
    {
        /// <summary>Rows per block: enough that the per-block costs (cursors, threads) vanish, few enough to stay small.</summary>
        private const int BlockRows = 16_384;

        /// <summary>Bytes read per block.</summary>
        private const int BlockBytes = 1 << 20;

        /// <summary>Blocks in circulation beyond one per worker: one being read, one waiting to be written.</summary>
        private const int SpareBlocks = 2;

        private static readonly byte[] NewLine = System.Text.Encoding.UTF8.GetBytes(Environment.NewLine);

        private readonly DelimitedFile _file;
        private readonly ModelInput _input;
        private readonly float? _threshold;
        private readonly Stream _output;
        private readonly PlainLineParser _parser;

        /// <summary>Each worker's view of its current block and the model over it (a view shows one block at a time).</summary>
        private readonly (BlockDataView View, IDataView Scored)[] _workers;

        private byte[] _carry = Array.Empty<byte>();
        private int _carryLength;
        private bool _endOfFile, _headerPending, _first = true;
        private long _rowsRead, _bytesRead;

        public StreamingCsvScorer(DelimitedFile file, ModelInput input, ITransformer model, float? threshold, Stream output)
        {
            _file = file;
            _input = input;
            _threshold = threshold;
            _output = output;
            _parser = new PlainLineParser(file.Separator, file.Columns.Count, input.Loaded.Select(c => c.Index).ToArray());
            // The model's preparation costs more per row than reading and writing the row: one worker per processor.
            _workers = Enumerable.Range(0, Math.Max(1, Environment.ProcessorCount)).Select(_ =>
            {
                var view = new BlockDataView(input.Columns, input.ReadsRawColumns ? null : FileLoaders.Features);
                return (view, model.Transform(view));
            }).ToArray();
            _headerPending = file.HasHeader;
        }

        public ScoringTimings Timings { get; } = new();

        /// <summary>Why this file cannot be streamed with this model, or null when it can.</summary>
        public static string? WhyNot(DelimitedFile file, ModelInput input, bool explain)
        {
            if (explain)
                return "--explain reads the model's explanations through ML.NET";
            if (!PlainLineParser.CanSeparate(file.Separator))
                return $"the separator '{file.Separator}' needs TextLoader's rules";
            if (input.Loaded.Any(c => c.Kind != DataKind.Single))
                return "the model reads text or true/false columns, which TextLoader converts";
            if (StartsWithSkippedLine(file.Path))
                return "the file starts with a blank or comment line, which TextLoader skips";
            return null;
        }

        /// <summary>
        /// Scores the file from its first data row until its end or the first row it cannot take, writing each scored row
        /// to the output; the header is the caller's to write. Returns the rows written, how many were flagged, and whether
        /// it reached the end of the file.
        /// </summary>
        public (long Rows, long Flagged, bool Complete) Run(Action<long> progress, CancellationToken cancellationToken)
        {
            using var source = new FileStream(_file.Path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
            int blocks = _workers.Length + SpareBlocks;
            using var toScore = new BlockingCollection<RowBlock>(blocks);
            Thread[] workers = _workers.Select((worker, i) => new Thread(() => ProcessLoop(toScore, worker.View, worker.Scored))
            {
                IsBackground = true,
                Name = $"anoonly score {i + 1}",
            }).ToArray();
            foreach (Thread worker in workers)
                worker.Start();
            var free = new Stack<RowBlock>(Enumerable.Range(0, blocks).Select(_ => new RowBlock(BlockRows, _parser.FeatureCount, BlockBytes)));
            var inFlight = new Queue<RowBlock>();
            long rows = 0, flagged = 0;
            bool stopped = false;
            try
            {
                // The file is done when it is read to its end and no bytes of it wait in the carry.
                while (!(_endOfFile && _carryLength == 0) && !stopped)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    if (free.Count == 0)
                        stopped = WriteOldest(inFlight, free, ref rows, ref flagged);
                    if (stopped)
                        break;
                    RowBlock block = free.Pop();
                    Fill(block, source);
                    progress(_bytesRead);
                    if (block.Count == 0)
                    {
                        free.Push(block);
                        continue;
                    }
                    toScore.Add(block, cancellationToken);
                    inFlight.Enqueue(block);
                }
                toScore.CompleteAdding();
                while (inFlight.Count > 0)
                {
                    if (stopped)
                        inFlight.Dequeue().Scored.Wait(cancellationToken); // read ahead of the stop: TextLoader scores it
                    else
                        stopped = WriteOldest(inFlight, free, ref rows, ref flagged);
                }
                long flushing = Stopwatch.GetTimestamp();
                _output.Flush();
                Timings.AddWrite(ScoringTimings.Since(flushing));
            }
            finally
            {
                if (!toScore.IsAddingCompleted)
                    toScore.CompleteAdding();
                foreach (Thread worker in workers)
                    worker.Join();
            }
            Timings.StreamedRows = rows;
            return (rows, flagged, !stopped);
        }

        /// <summary>A worker: whole blocks, each parsed, scored and formatted.</summary>
        private void ProcessLoop(BlockingCollection<RowBlock> toScore, BlockDataView view, IDataView scored)
        {
            DataViewSchema.Column[] columns = { scored.Schema["Score"], scored.Schema["PredictedLabel"] };
            foreach (RowBlock block in toScore.GetConsumingEnumerable())
            {
                try
                {
                    long started = Stopwatch.GetTimestamp();
                    Parse(block);
                    Timings.AddParse(ScoringTimings.Since(started));
                    started = Stopwatch.GetTimestamp();
                    if (block.Count > 0)
                        Score(block, view, scored, columns);
                    Timings.AddScore(ScoringTimings.Since(started));
                    started = Stopwatch.GetTimestamp();
                    Format(block);
                    Timings.AddWrite(ScoringTimings.Since(started));
                }
                catch (Exception e)
                {
                    block.Error = e;
                }
                block.Scored.Set();
            }
        }

        /// <summary>Parses every line of the block; the block ends before its first line that is not plain.</summary>
        // Optimised from the first call, as the parser: tiering would leave the first blocks to unoptimised code.
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void Parse(RowBlock block)
        {
            for (int row = 0; row < block.Count; row++)
            {
                if (!_parser.TryParse(block.Line(row), block.RowFeatures(row)))
                {
                    block.StopsAt = row;
                    block.Count = row;
                    return;
                }
            }
        }

        /// <summary>The model over the block: one cursor, rows in order.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void Score(RowBlock block, BlockDataView view, IDataView scored, DataViewSchema.Column[] columns)
        {
            view.Current = block;
            using DataViewRowCursor cursor = scored.GetRowCursor(columns);
            ValueGetter<float> getScore = cursor.GetGetter<float>(columns[0]);
            ValueGetter<bool> getLabel = cursor.GetGetter<bool>(columns[1]);
            float score = 0;
            bool label = false;
            for (int row = 0; cursor.MoveNext(); row++)
            {
                getScore(ref score);
                getLabel(ref label);
                block.Scores[row] = score;
                block.Flags[row] = _threshold is float t ? score > t : label;
            }
        }

        /// <summary>Each output line: the input line's bytes, the separator, the score as the TextLoader path writes it
        /// (<c>ToString("R")</c>), the separator, true or false, the line break.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void Format(RowBlock block)
        {
            byte separator = (byte)_file.Separator;
            int needed = 0;
            for (int row = 0; row < block.Count; row++)
                needed += block.LineLength[row] + 24 + NewLine.Length;
            if (block.Output.Length < needed)
                block.Output = new byte[Math.Max(needed, 2 * block.Output.Length)];
            Span<byte> target = block.Output;
            int at = 0, flagged = 0;
            for (int row = 0; row < block.Count; row++)
            {
                ReadOnlySpan<byte> line = block.Line(row);
                line.CopyTo(target[at..]);
                at += line.Length;
                target[at++] = separator;
                block.Scores[row].TryFormat(target[at..], out int written, "R", CultureInfo.InvariantCulture);
                at += written;
                target[at++] = separator;
                ReadOnlySpan<byte> label = block.Flags[row] ? "true"u8 : "false"u8;
                label.CopyTo(target[at..]);
                at += label.Length;
                NewLine.CopyTo(target[at..]);
                at += NewLine.Length;
                flagged += block.Flags[row] ? 1 : 0;
            }
            block.OutputLength = at;
            block.Flagged = flagged;
        }

        /// <summary>Waits for the oldest block in flight, writes its lines and frees it; true when the streaming part ends
        /// with it.</summary>
        private bool WriteOldest(Queue<RowBlock> inFlight, Stack<RowBlock> free, ref long rows, ref long flagged)
        {
            RowBlock block = inFlight.Dequeue();
            long waited = Stopwatch.GetTimestamp();
            block.Scored.Wait();
            Timings.WaitSeconds += ScoringTimings.Since(waited);
            block.Scored.Reset();
            if (block.Error is Exception error)
            {
                if (LibraryMessages.InputErrorIn(error) is AnoOnlyInputException input)
                    throw LibraryMessages.Translate(input, _input.FeatureVector, _input.SlotColumns, block.FirstRow);
                throw error;
            }
            long started = Stopwatch.GetTimestamp();
            _output.Write(block.Output, 0, block.OutputLength);
            Timings.AddWrite(ScoringTimings.Since(started));
            rows += block.Count;
            flagged += block.Flagged;
            bool stops = block.StopsAt >= 0;
            block.StopsAt = -1;
            free.Push(block);
            return stops;
        }

        /// <summary>Reads the next lines into <paramref name="block"/>, up to its capacity or the end of the file, skipping
        /// what TextLoader skips: the header, blank lines, lines starting with "//".</summary>
        // The per-line loops below are optimised from the first call: tiering would leave the first blocks to unoptimised code.
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void Fill(RowBlock block, Stream source)
        {
            long started = Stopwatch.GetTimestamp();
            if (block.Text.Length < _carryLength + BlockBytes / 2)
                block.Text = new byte[Math.Max(BlockBytes, 2 * _carryLength)];
            byte[] text = block.Text;
            _carry.AsSpan(0, _carryLength).CopyTo(text);
            int filled = _carryLength;
            while (filled < text.Length && !_endOfFile)
            {
                int read = source.Read(text, filled, text.Length - filled);
                _bytesRead += read;
                _endOfFile = read == 0;
                filled += read;
            }
            int position = 0;
            if (_first)
            {
                _first = false;
                if (text.AsSpan(0, filled).StartsWith("\uFEFF"u8))
                    position = 3; // TextLoader's reader drops a UTF-8 byte-order mark
            }

            block.Count = 0;
            block.FirstRow = _rowsRead;
            while (block.Count < block.Capacity)
            {
                int newline = text.AsSpan(position, filled - position).IndexOf((byte)'\n');
                if (newline < 0 && (!_endOfFile || position == filled))
                    break; // a partial line waits for the next block's bytes
                int end = newline < 0 ? filled : position + newline;
                int next = newline < 0 ? filled : end + 1;
                int length = end - position;
                if (length > 0 && text[end - 1] == '\r')
                    length--;
                if (_headerPending || length == 0 || text.AsSpan(position, length).StartsWith("//"u8))
                {
                    _headerPending = false;
                    position = next;
                    continue;
                }
                block.LineStart[block.Count] = position;
                block.LineLength[block.Count] = length;
                block.Count++;
                position = next;
            }
            _rowsRead += block.Count;
            _carryLength = filled - position;
            if (_carry.Length < _carryLength)
                _carry = new byte[Math.Max(_carryLength, 2 * _carry.Length)];
            text.AsSpan(position, _carryLength).CopyTo(_carry);
            Timings.ReadSeconds += ScoringTimings.Since(started);
        }

        private static bool StartsWithSkippedLine(string path)
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1);
            Span<byte> start = stackalloc byte[5];
            int read = stream.ReadAtLeast(start, start.Length, throwOnEndOfStream: false);
            ReadOnlySpan<byte> head = start[..read];
            if (head.StartsWith("\uFEFF"u8))
                head = head[3..];
            return head.IsEmpty || head[0] == '\n' || head[0] == '\r' || head[0] == '#' || head.StartsWith("//"u8);
        }
    }
}
