using System.Diagnostics;

namespace Microsoft.ML.AnoOnly.Cli.Scoring
{
    /// <summary>
    /// Where <c>score</c>'s time went (<c>--timings</c>). The streaming reader reads, parses and writes on one thread while
    /// another scores, so its stages overlap and their times add up to more than the wall time; TextLoader reads, parses
    /// and scores inside one cursor, so those three are one figure there.
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

        /// <summary>Seconds since <paramref name="startTimestamp"/> (a <see cref="Stopwatch.GetTimestamp"/>).</summary>
        public static double Since(long startTimestamp) => Stopwatch.GetElapsedTime(startTimestamp).TotalSeconds;
    }
}
