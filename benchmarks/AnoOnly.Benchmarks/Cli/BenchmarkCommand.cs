using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using AnoOnly.Benchmarks.Data;
using AnoOnly.Benchmarks.Methods;
using AnoOnly.Benchmarks.Reporting;
using AnoOnly.Benchmarks.Runs;
using Spectre.Console;
using Spectre.Console.Cli;

namespace AnoOnly.Benchmarks.Cli
{
    /// <summary>Runs what the settings ask for and writes results.csv, summary.md and the plots.</summary>
    internal sealed class BenchmarkCommand : Command<BenchmarkSettings>
    {
        public override int Execute(CommandContext context, BenchmarkSettings settings, CancellationToken cancellationToken)
        {
            string outDir = Path.GetFullPath(settings.Out);
            Directory.CreateDirectory(outDir);
            if (settings.Deployment)
                return Deployment(settings, outDir);
            if (settings.CliScoreOnly)
            {
                CliScore(settings, outDir);
                return 0;
            }
            var notes = new List<string>();
            IReadOnlyList<IBenchmarkMethod> methods = MethodCatalog.Select(MethodCatalog.All(), settings.Methods);
            if (methods.Count == 0)
                throw new ArgumentException("--methods selects no available method.");
            var report = new BenchmarkReport(RunDescription.Capture(settings), notes);
            AnsiConsole.Status().Start("warming up (native libraries, JIT)", _ => WarmUp.Run(methods));

            if (settings.ActiveLearning)
            {
                (string folder, var datasets) = Datasets(settings);
                report.DataFolder = folder;
                IReadOnlyList<LoopStrategy> strategies = LoopStrategy.Parse(settings.LoopStrategies);
                AnsiConsole.MarkupLine($"[bold]AnoOnly analyst loop[/]: {datasets.Count} sets from {Markup.Escape(folder)}, " +
                    $"strategies {Markup.Escape(string.Join(", ", strategies.Select(s => s.Name)))}, seeds {string.Join(",", settings.SeedList)}" +
                    (settings.Quick ? " [yellow](quick: reduced training budget)[/]" : ""));
                var loop = new ActiveLearningRun(datasets, settings.SeedList, strategies, settings.Quick);
                report.Loop = Progress($"loop: {datasets.Count} sets x {strategies.Count} strategies x {settings.SeedList.Length} seeds",
                    loop.TotalFits, task => loop.Execute(task, notes));
            }
            else if (!settings.SkipAccuracy)
            {
                (string folder, var datasets) = Datasets(settings);
                report.DataFolder = folder;
                AnsiConsole.MarkupLine($"[bold]AnoOnly benchmark[/]: {datasets.Count} sets from {Markup.Escape(folder)}, " +
                    $"methods {Markup.Escape(string.Join(", ", methods.Select(m => m.Name)))}, seeds {string.Join(",", settings.SeedList)}" +
                    (settings.Quick ? " [yellow](quick: reduced training budget)[/]" : ""));
                foreach (string note in notes)
                    AnsiConsole.MarkupLine($"[yellow]note[/]: {Markup.Escape(note)}");

                var run = new AccuracyRun(datasets, settings.SeedList, methods, settings.NoiseList, settings.Quick, settings.MeasureSeconds);
                report.Results = Progress($"{datasets.Count} sets x {methods.Count} methods x {settings.SeedList.Length} seeds",
                    run.TotalFits, task => run.Execute(task, notes));
                if (!settings.Quick)
                    report.Targets = Progress("speed targets", 1, task => TargetChecks.Run(methods, task, notes));
            }

            if (settings.DesignStudy)
            {
                (string folder, var datasets) = Datasets(settings);
                report.DataFolder = folder;
                var study = new DesignStudy(datasets, settings.SeedList);
                report.Design = Progress("design study", study.TotalSteps, task => study.Execute(task, notes));
            }

            if (settings.Scale)
            {
                var scale = new ScaleRun(settings, methods);
                report.Scale = Progress("scale mode", scale.TotalSteps, task => scale.Execute(task, notes));
                if (settings.CliScoreRowCount > 0)
                    notes.Add(CliScore(settings, outDir));
            }

            report.Reference = ReferenceNumbers.Load(DatasetSource.RepoRoot(), settings.DataDir);
            report.WriteAll(outDir, plots: !settings.NoPlots);
            AnsiConsole.MarkupLine($"[green]Done[/]: {Markup.Escape(Path.Combine(outDir, "summary.md"))}");
            foreach (string note in notes)
                AnsiConsole.MarkupLine($"[yellow]note[/]: {Markup.Escape(note)}");
            return 0;
        }

        /// <summary>The deployment measurements alone: a table printed and written to deployment.md.</summary>
        private static int Deployment(BenchmarkSettings settings, string outDir)
        {
            string started = DateTime.Now.ToString("yyyy-MM-dd HH:mm zzz", System.Globalization.CultureInfo.InvariantCulture);
            List<DeploymentResult> results = Progress("deployment", 2,
                task => DeploymentRun.Execute(settings.MeasureSeconds, task));
            string table = DeploymentRun.Markdown(results);
            string text = $"Started {started} on {Environment.ProcessorCount} logical CPUs ({System.Runtime.InteropServices.RuntimeInformation.OSDescription}, " +
                          $".NET {Environment.Version}); command: AnoOnly.Benchmarks {string.Join(' ', Program.Arguments)}{Environment.NewLine}{Environment.NewLine}{table}{Environment.NewLine}";
            File.WriteAllText(Path.Combine(outDir, "deployment.md"), text);
            AnsiConsole.WriteLine(text);
            AnsiConsole.MarkupLine($"[green]Done[/]: {Markup.Escape(Path.Combine(outDir, "deployment.md"))}");
            return 0;
        }

        /// <summary>Scale mode's CLI measurement: a CSV scored by the anoonly tool as a child process; writes cli_score.md and
        /// returns a note that points to it.</summary>
        private static string CliScore(BenchmarkSettings settings, string outDir)
        {
            string started = DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm 'UTC'", System.Globalization.CultureInfo.InvariantCulture);
            double load = LoadAverage();
            CliScoreResult result = Progress($"anoonly score, {settings.CliScoreRowCount:N0} rows", 1, task =>
                CliScoreRun.Execute(settings.CliScoreRowCount, status => task.Description = Markup.Escape(status)));
            string text = $"Started {started} on {Environment.ProcessorCount} logical CPUs ({System.Runtime.InteropServices.RuntimeInformation.OSDescription}, " +
                          $".NET {Environment.Version}; load average {load.ToString("F1", System.Globalization.CultureInfo.InvariantCulture)} at the start); " +
                          $"command: AnoOnly.Benchmarks {string.Join(' ', Program.Arguments)}{Environment.NewLine}{Environment.NewLine}" +
                          $"{CliScoreRun.Markdown(result)}";
            string path = Path.Combine(outDir, "cli_score.md");
            File.WriteAllText(path, text);
            AnsiConsole.WriteLine(text);
            return $"anoonly score on {result.Rows:N0} rows: {result.RowsPerSecond:N0} rows/s, peak {result.PeakMb:N0} MB (cli_score.md).";
        }

        /// <summary>The one-minute load average (Linux), to say how busy the machine was; NaN elsewhere.</summary>
        private static double LoadAverage()
        {
            try
            {
                return double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
            {
                return double.NaN;
            }
        }

        /// <summary>The sets of the run: those of the data folder that <c>--datasets</c> selects (the 2 smallest in a quick run).</summary>
        private static (string Folder, IReadOnlyList<(string Name, string Path)> Datasets) Datasets(BenchmarkSettings settings)
        {
            string folder = DatasetSource.ResolveFolder(settings.DataDir);
            var datasets = DatasetSource.List(folder, settings.Datasets);
            if (settings.Quick && settings.Datasets == null)
                datasets = datasets.OrderBy(d => new FileInfo(d.Path).Length).Take(2).OrderBy(d => d.Name, DatasetNameComparer.Instance).ToList();
            return (folder, datasets);
        }

        /// <summary>Runs <paramref name="work"/> under a Spectre.Console progress bar of <paramref name="total"/> steps.</summary>
        private static T Progress<T>(string title, int total, Func<ProgressTask, T> work)
        {
            T result = default!;
            AnsiConsole.Progress()
                .AutoClear(false)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(),
                    new ElapsedTimeColumn(), new RemainingTimeColumn(), new SpinnerColumn())
                .Start(ctx =>
                {
                    ProgressTask task = ctx.AddTask(Markup.Escape(title), maxValue: Math.Max(1, total));
                    result = work(task);
                    task.Description = Markup.Escape(title);
                    task.Value = task.MaxValue;
                });
            return result;
        }
    }
}
