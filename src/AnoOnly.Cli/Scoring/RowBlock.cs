using System;

namespace Microsoft.ML.AnoOnly.Cli.Scoring
{
    /// <summary>
    /// A run of consecutive data lines of the file, as the streaming reader passes them along: the raw bytes and where each
    /// line starts, the parsed feature values, the scores, and the output lines ready to write, in one buffer per part of
    /// the block (the parts are parsed, scored and formatted on as many threads). A few blocks circulate between the reading
    /// thread and the workers, so memory does not grow with the file.
    /// </summary>
    internal sealed class RowBlock
    {
        public RowBlock(int capacity, int featureCount, int textBytes, int parts)
        {
            Output = new byte[parts][];
            OutputLength = new int[parts];
            for (int p = 0; p < parts; p++)
                Output[p] = new byte[textBytes / parts + 64];
            Capacity = capacity;
            FeatureCount = featureCount;
            Text = new byte[textBytes];
            LineStart = new int[capacity];
            LineLength = new int[capacity];
            Features = new float[capacity * featureCount];
            Scores = new float[capacity];
            Flags = new bool[capacity];
        }

        public int Capacity { get; }

        public int FeatureCount { get; }

        /// <summary>The bytes the lines were read from (the block's lines start at <see cref="LineStart"/>).</summary>
        public byte[] Text { get; set; }

        public int[] LineStart { get; }

        /// <summary>Each line's length, without its line break.</summary>
        public int[] LineLength { get; }

        /// <summary>Row-major feature values: row r's are at [r * FeatureCount, (r + 1) * FeatureCount).</summary>
        public float[] Features { get; }

        public float[] Scores { get; }

        /// <summary>The model's PredictedLabel of each row.</summary>
        public bool[] Flags { get; }

        /// <summary>Rows in the block.</summary>
        public int Count { get; set; }

        /// <summary>The zero-based data row of the block's first row in the whole file.</summary>
        public long FirstRow { get; set; }

        /// <summary>How many bytes of the file were read up to the block's end (for the progress bar).</summary>
        public long BytesRead { get; set; }

        /// <summary>The first row that is not a plain line (the block ends before it, and so does the streaming part of the
        /// file), or -1.</summary>
        public int StopsAt { get; set; } = -1;

        /// <summary>The output lines of each part, in order: <see cref="OutputLength"/>[p] bytes of <see cref="Output"/>[p].</summary>
        public byte[][] Output { get; }

        public int[] OutputLength { get; }

        /// <summary>Rows flagged in the block.</summary>
        public int Flagged { get; set; }

        /// <summary>Part <paramref name="part"/> of <paramref name="parts"/>: its rows [start, end).</summary>
        public (int Start, int End) Part(int part, int parts) => ((int)((long)Count * part / parts), (int)((long)Count * (part + 1) / parts));

        /// <summary>Set by the scoring thread when the block is scored; the reading thread waits on it before writing.</summary>
        public System.Threading.ManualResetEventSlim Scored { get; } = new(false);

        /// <summary>Why scoring failed, if it did.</summary>
        public Exception? Error { get; set; }

        public ReadOnlySpan<byte> Line(int row) => Text.AsSpan(LineStart[row], LineLength[row]);

        public Span<float> RowFeatures(int row) => Features.AsSpan(row * FeatureCount, FeatureCount);
    }
}
