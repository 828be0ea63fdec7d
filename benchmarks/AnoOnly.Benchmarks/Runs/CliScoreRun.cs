using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using AnoOnly.Benchmarks.Data;
using AnoOnly.Benchmarks.Measurement;

namespace AnoOnly.Benchmarks.Runs
{
    /// <summary>The stages <c>anoonly score --timings</c> reports, in seconds.</summary>
    internal sealed record CliScoreTimings(double Read, double Parse, double Score, double TextLoader, double Write, double Wait, long StreamedRows);

    /// <summary>One measurement of <c>anoonly score</c> on a generated CSV, seen from outside the tool's process.</summary>
    internal sealed record CliScoreResult(long Rows, int Features, double CsvMb, double TrainSeconds, double WallSeconds, double PeakMb,
        double CpuSeconds, CliScoreTimings Timings)
    {
        public double RowsPerSecond => Rows / WallSeconds;
    }

    /// <summary>
    /// Scale mode's CLI measurement: a CSV of <c>--cli-score-rows</c> rows (a text id, 10 numeric features, a label) is
    /// generated in a temporary folder, a DevNet model is trained on the first 20,000 rows by <c>anoonly train</c> itself,
    /// then <c>anoonly score --timings</c> runs as a child process (the tool's built dll): wall time from start to exit, its
    /// peak working set and CPU time read from /proc while it runs, and its own split of the time. Every file is deleted
    /// afterwards.
    /// </summary>
    internal static class CliScoreRun
    {
        public const int Features = 10;
        public const int TrainRows = 20_000;
        private const int Seed = 1;

        public static CliScoreResult Execute(long rows, Action<string> status)
        {
            string cli = CliDll();
            string folder = Path.Combine(Path.GetTempPath(), "anoonly-cli-score-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(folder);
            try
            {
                // Input, output, and room to spare: about 120 and 140 bytes a row.
                long needed = rows * 300;
                long free = new DriveInfo(folder).AvailableFreeSpace;
                if (free < needed)
                    throw new IOException($"{free / (1 << 20):N0} MB free in {Path.GetTempPath()}; {rows:N0} rows need about {needed / (1 << 20):N0} MB.");
                string train = Path.Combine(folder, "train.csv"), data = Path.Combine(folder, "data.csv");
                string model = Path.Combine(folder, "model.zip"), scored = Path.Combine(folder, "scored.csv");
                status($"writing {rows:N0} rows");
                ScoringCsv.Write(train, Math.Min(rows, TrainRows), Features, Seed);
                long bytes = ScoringCsv.Write(data, rows, Features, Seed);

                status("anoonly train --backbone DevNet");
                ChildRun trained = ChildProcessMeter.RunDotnet(cli, new[] { "train", train, "--label", "label", "--backbone", "DevNet", "--out", model });
                if (trained.ExitCode != 0)
                    throw new InvalidOperationException($"anoonly train exited with {trained.ExitCode}: {LastLine(trained.Output)}");

                status($"anoonly score, {rows:N0} rows");
                ChildRun scoring = ChildProcessMeter.RunDotnet(cli, new[] { "score", data, "--model", model, "--out", scored, "--timings" });
                if (scoring.ExitCode != 0)
                    throw new InvalidOperationException($"anoonly score exited with {scoring.ExitCode}: {LastLine(scoring.Output)}");
                long written = CountLines(scored) - 1;
                if (written != rows)
                    throw new InvalidOperationException($"anoonly score wrote {written:N0} rows of {rows:N0}.");
                return new CliScoreResult(rows, Features, bytes / (1024.0 * 1024.0), trained.WallSeconds, scoring.WallSeconds, scoring.PeakMb,
                    scoring.CpuSeconds, ParseTimings(scoring.Output));
            }
            finally
            {
                Directory.Delete(folder, recursive: true);
            }
        }

        /// <summary>The result as a markdown table, with what each figure is.</summary>
        public static string Markdown(CliScoreResult r)
        {
            string F(double x, string format = "F2") => x.ToString(format, CultureInfo.InvariantCulture);
            CliScoreTimings t = r.Timings;
            var text = new StringBuilder();
            text.AppendLine("| rows | features | CSV MB | wall s | rows/s | peak working set MB | CPU s | read s | parse s | score s | write s | reading thread waiting s | rows streamed |");
            text.AppendLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
            text.AppendLine($"| {r.Rows:N0} | {r.Features} | {F(r.CsvMb, "N0")} | {F(r.WallSeconds)} | {F(r.RowsPerSecond, "N0")} | {F(r.PeakMb, "N0")} | " +
                            $"{F(r.CpuSeconds, "F1")} | {F(t.Read)} | {F(t.Parse)} | {F(t.Score)} | {F(t.Write)} | {F(t.Wait)} | {t.StreamedRows:N0} |");
            text.AppendLine();
            text.AppendLine("Wall time, peak working set (VmHWM) and CPU time (user + system) are the child process's, from start to exit " +
                            "(.NET start-up and model load included). Read, parse, score and write are the tool's own `--timings`, each summed " +
                            "over the threads that did it: the reading thread reads the file and writes the output; one worker per processor " +
                            "parses, scores and formats whole blocks (write = formatting plus writing). They overlap, so they add up to more " +
                            "than the wall time; the reading thread's waiting shows how much of the wall time the workers set.");
            if (t.TextLoader > 0)
                text.AppendLine($"TextLoader scored part of the file: {F(t.TextLoader)} s.");
            return text.ToString();
        }

        /// <summary>Reads the machine-readable line of <c>score --timings</c>.</summary>
        private static CliScoreTimings ParseTimings(string output)
        {
            string line = output.Split('\n').LastOrDefault(l => l.StartsWith("timings:", StringComparison.Ordinal))
                ?? throw new InvalidOperationException("anoonly score --timings printed no timings line.");
            var values = Regex.Matches(line, @"(\w+) ([0-9.]+)").ToDictionary(m => m.Groups[1].Value,
                m => double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture));
            return new CliScoreTimings(values["read_s"], values["parse_s"], values["score_s"], values["textloader_s"], values["write_s"],
                values["wait_s"], (long)values["streamed_rows"]);
        }

        /// <summary>
        /// The tool's built dll beside this program's build: the same configuration, <c>src/AnoOnly.Cli/bin/&lt;config&gt;/net10.0</c>.
        /// The benchmark project references the tool's project, so building the benchmark builds it.
        /// </summary>
        private static string CliDll()
        {
            string configuration = typeof(CliScoreRun).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";
            string? root = DatasetSource.RepoRoot();
            string path = Path.Combine(root ?? ".", "src", "AnoOnly.Cli", "bin", configuration, "net10.0", "AnoOnly.Cli.dll");
            if (!File.Exists(path))
                throw new FileNotFoundException($"The anoonly tool is not built at '{path}': dotnet build src/AnoOnly.Cli -c {configuration}.");
            return path;
        }

        private static long CountLines(string path)
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
            byte[] buffer = new byte[1 << 20];
            long lines = 0;
            for (int read; (read = stream.Read(buffer, 0, buffer.Length)) > 0;)
                lines += buffer.AsSpan(0, read).Count((byte)'\n');
            return lines;
        }

        private static string LastLine(string output)
            => output.Split('\n').Select(l => l.Trim()).LastOrDefault(l => l.Length > 0) ?? "(no output)";
    }
}
