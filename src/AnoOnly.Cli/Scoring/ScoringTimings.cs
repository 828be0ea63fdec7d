using System.Diagnostics;

namespace Microsoft.ML.AnoOnly.Cli.Scoring
{
    /// <summary>
    /// Where <c>score</c>'s time went (<c>--timings</c>). The streaming reader reads and writes on one thread while workers
    /// parse, score and format blocks, so its stages overlap: each figure is the sum over the threads that did it, and they
    /// add up to more than the wall time. TextLoader reads, parses and scores inside one cursor, so those three are one
    /// figure there. Workers add their times concurrently, hence the locked adders.
    /// </summary>
    internal sealed class ScoringTimings
    {
        /// <summary>Reading the file's bytes and finding the lines (streaming reader).</summary>
        public double ReadSeconds { get; set; }

        /// <summary>Parsing the feature fields into floats (streaming reader).</summary>
        public double ParseSeconds { get; set; }

        /// <summary>The model, its preparation included (streaming reader: the scoring thread's busy time).</summary>
        public double ScoreSeconds { get; set; }

        /// <summary>TextLoader's cursor: reading, parsing and scoring together.</summary>
        public double TextLoaderSeconds { get; set; }

        /// <summary>Formatting and writing the output lines.</summary>
        public double WriteSeconds { get; set; }

        /// <summary>The reading thread waiting for the scoring thread (streaming reader).</summary>
        public double WaitSeconds { get; set; }

        public long StreamedRows { get; set; }

        public long TextLoaderRows { get; set; }

        private readonly object _gate = new();

        public void AddParse(double seconds)
        {
            lock (_gate)
                ParseSeconds += seconds;
        }

        public void AddScore(double seconds)
        {
            lock (_gate)
                ScoreSeconds += seconds;
        }

        public void AddWrite(double seconds)
        {
            lock (_gate)
                WriteSeconds += seconds;
        }

        /// <summary>Seconds since <paramref name="startTimestamp"/> (a <see cref="Stopwatch.GetTimestamp"/>).</summary>
        public static double Since(long startTimestamp) => Stopwatch.GetElapsedTime(startTimestamp).TotalSeconds;
    }
}
