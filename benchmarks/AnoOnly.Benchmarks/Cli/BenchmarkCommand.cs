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
            var notes = new List<string>();
            IReadOnlyList<IBenchmarkMethod> methods = MethodCatalog.Select(MethodCatalog.All(), settings.Methods);
            if (methods.Count == 0)
                throw new ArgumentException("--methods selects no available method.");
            var report = new BenchmarkReport(RunDescription.Capture(settings), notes);
            AnsiConsole.Status().Start("warming up (native libraries, JIT)", _ => WarmUp.Run(methods));

            if (!settings.SkipAccuracy)
            {
                string folder = DatasetSource.ResolveFolder(settings.DataDir);
                var datasets = DatasetSource.List(folder, settings.Datasets);
                if (settings.Quick && settings.Datasets == null)
                    datasets = datasets.OrderBy(d => new FileInfo(d.Path).Length).Take(2).OrderBy(d => d.Name, DatasetNameComparer.Instance).ToList();
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
                string folder = DatasetSource.ResolveFolder(settings.DataDir);
                report.DataFolder = folder;
                var study = new DesignStudy(DatasetSource.List(folder, settings.Datasets), settings.SeedList);
                report.Design = Progress("design study", study.TotalSteps, task => study.Execute(task, notes));
            }

            if (settings.Scale)
            {
                var scale = new ScaleRun(settings, methods);
                report.Scale = Progress("scale mode", scale.TotalSteps, task => scale.Execute(task, notes));
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
