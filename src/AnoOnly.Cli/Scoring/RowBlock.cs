using System;

namespace Microsoft.ML.AnoOnly.Cli.Scoring
{
    /// <summary>
    /// A run of consecutive data lines of the file, as the streaming reader passes them along: the raw bytes and where each
    /// line starts, the parsed feature values, the scores, and the output lines ready to write. A few blocks circulate
    /// between the reading thread and the workers, so memory does not grow with the file.
    /// </summary>
    internal sealed class RowBlock
    {
        public RowBlock(int capacity, int featureCount, int textBytes)
        {
            Output = new byte[textBytes + textBytes / 4];
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

        /// <summary>The output lines, in order: the first <see cref="OutputLength"/> bytes of <see cref="Output"/>.</summary>
        public byte[] Output { get; set; }

        public int OutputLength { get; set; }

        /// <summary>Rows flagged in the block.</summary>
        public int Flagged { get; set; }

        /// <summary>Set by the worker when the block is done; the reading thread waits on it before writing.</summary>
        public System.Threading.ManualResetEventSlim Scored { get; } = new(false);

        /// <summary>Why scoring failed, if it did.</summary>
        public Exception? Error { get; set; }

        public ReadOnlySpan<byte> Line(int row) => Text.AsSpan(LineStart[row], LineLength[row]);

        public Span<float> RowFeatures(int row) => Features.AsSpan(row * FeatureCount, FeatureCount);
    }
}
