using System.Diagnostics;
using System.Globalization;
using Microsoft.ML.AnoOnly.Cli.Scoring;
using Spectre.Console;

namespace Microsoft.ML.AnoOnly.Cli.Reports
{
    /// <summary>
    /// <c>score --timings</c>: which reader scored the rows, the seconds of each stage, rows per second and the process's
    /// peak working set. The last line is one sentence with every figure, for a log or a benchmark to read.
    /// </summary>
    internal static class TimingsReport
    {
        public static void Write(IAnsiConsole console, ScoringTimings timings, long rows, double wallSeconds, string? whyTextLoader)
        {
            double peakMb;
            using (Process self = Process.GetCurrentProcess())
                peakMb = self.PeakWorkingSet64 / (1024.0 * 1024.0); // on Linux the kernel's high-water mark, VmHWM
            string reader = timings.StreamedRows == 0
                ? $"TextLoader ({whyTextLoader})"
                : timings.TextLoaderRows == 0
                    ? "the streaming reader"
                    : $"the streaming reader for {timings.StreamedRows:N0} rows, then TextLoader ({whyTextLoader})";
            var table = new Table().AddColumn("Stage").AddColumn(new TableColumn("Seconds").RightAligned());
            if (timings.StreamedRows > 0)
            {
                table.AddRow("Read (file to memory, find the lines)", F(timings.ReadSeconds));
                table.AddRow("Parse (feature fields to floats)", F(timings.ParseSeconds));
                table.AddRow("Score (the model and its preparation; second thread)", F(timings.ScoreSeconds));
                table.AddRow("Wait for the scoring thread", F(timings.WaitSeconds));
            }
            if (timings.TextLoaderRows > 0)
                table.AddRow("TextLoader: read, parse and score", F(timings.TextLoaderSeconds));
            table.AddRow("Write (lines out)", F(timings.WriteSeconds));
            table.AddRow("Wall time of the command", F(wallSeconds));
            console.MarkupLine($"Scored with {Markup.Escape(reader)}.");
            console.Write(table);
            // Straight to the console's writer: a machine-readable line must not be wrapped at the console's width.
            console.Profile.Out.Writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"timings: rows {rows} wall_s {wallSeconds:F3} rows_per_s {rows / wallSeconds:F0} read_s {timings.ReadSeconds:F3} " +
                $"parse_s {timings.ParseSeconds:F3} score_s {timings.ScoreSeconds:F3} textloader_s {timings.TextLoaderSeconds:F3} " +
                $"write_s {timings.WriteSeconds:F3} wait_s {timings.WaitSeconds:F3} streamed_rows {timings.StreamedRows} peak_mb {peakMb:F0}"));
        }

        private static string F(double seconds) => seconds.ToString("F2", CultureInfo.InvariantCulture);
    }
}
