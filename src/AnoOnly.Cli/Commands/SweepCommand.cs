using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Threading;
using Microsoft.ML.AnoOnly.Cli.Data;
using Microsoft.ML.AnoOnly.Cli.Reports;
using Microsoft.ML.Data;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Microsoft.ML.AnoOnly.Cli.Commands
{
    /// <summary>
    /// <c>anoonly sweep</c>: the library's hyperparameter sweep (<c>CreateAnoOnlyExperiment</c>) on a raw table prepared as
    /// <c>train</c> prepares it, a leaderboard as trials finish, and the chosen model saved as <c>train</c> saves one, with
    /// every trial in a CSV file. Trial 1 is the default configuration; the sweep keeps it unless another is clearly better.
    /// </summary>
    internal sealed class SweepCommand : Command<SweepCommand.Settings>
    {
        private readonly IAnsiConsole _console;

        public SweepCommand(IAnsiConsole console) => _console = console;

        internal sealed class Settings : TrainingDataSettings
        {
            /// <summary>The default budget: on the bundled cardio sample (1,831 rows, 21 features) on a shared 2-core
            /// machine the whole command ends within two minutes (docs/cli.md has the measurement).</summary>
            public const int DefaultMaxTrials = 20;

            /// <summary>The default limit on the trials, leaving room for loading, the refit of the chosen model and saving.</summary>
            public const double DefaultMaxMinutes = 1.25;

            [CommandOption("--max-trials <N>")]
            [Description("Most trials to run, trial 1 (the default configuration) included.")]
            [DefaultValue(DefaultMaxTrials)]
            public int MaxTrials { get; set; } = DefaultMaxTrials;

            [CommandOption("--max-minutes <MINUTES>")]
            [Description("Wall-clock limit of the trials; the chosen model is then refit on all rows (about one more training).")]
            [DefaultValue(DefaultMaxMinutes)]
            public double MaxMinutes { get; set; } = DefaultMaxMinutes;

            [CommandOption("--folds <N>")]
            [Description("Folds of the cross-validation on the labeled anomalies (capped by their number; at least 2).")]
            [DefaultValue(3)]
            public int Folds { get; set; } = 3;

            [CommandOption("--metric <METRIC>")]
            [Description("What the sweep maximises on the held-out folds: AreaUnderRocCurve or AreaUnderPrCurve.")]
            [DefaultValue(AnoOnlyMetric.AreaUnderRocCurve)]
            public AnoOnlyMetric Metric { get; set; } = AnoOnlyMetric.AreaUnderRocCurve;

            [CommandOption("--trials <FILE>")]
            [Description("Where to write every trial as CSV (settings, fold metrics, times), in the order they ran.")]
            [DefaultValue("trials.csv")]
            public string Trials { get; set; } = "trials.csv";

            public override ValidationResult Validate()
            {
                if (!(MaxMinutes > 0))
                    return ValidationResult.Error("--max-minutes must be a positive number of minutes.");
                if (string.IsNullOrWhiteSpace(Trials))
                    return ValidationResult.Error("--trials must name a file.");
                return base.Validate();
            }

            public AnoOnlyExperimentSettings ExperimentSettings(string featureColumn, string labelColumn) => new()
            {
                MaxTrials = MaxTrials,
                MaxDuration = TimeSpan.FromMinutes(MaxMinutes),
                NumberOfFolds = Folds,
                Metric = Metric,
                Seed = Seed,
                TrainerOptions = new AnoOnlyTrainer.Options
                {
                    FeatureColumnName = featureColumn,
                    LabelColumnName = labelColumn,
                    Contamination = Contamination,
                },
            };

            /// <summary>The command-line flag of each setting the experiment checks.</summary>
            public static readonly IReadOnlyDictionary<string, string> SettingNames = new Dictionary<string, string>
            {
                [nameof(AnoOnlyExperimentSettings.MaxTrials)] = "--max-trials",
                [nameof(AnoOnlyExperimentSettings.MaxDuration)] = "--max-minutes",
                [nameof(AnoOnlyExperimentSettings.NumberOfFolds)] = "--folds",
                [nameof(AnoOnlyExperimentSettings.Metric)] = "--metric",
            };
        }

        public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
        {
            var clock = Stopwatch.StartNew();
            var mlContext = new MLContext(settings.Seed);
            TrainingTable table = TrainingTable.Load(settings, mlContext);
            AnoOnlyExperiment experiment;
            try
            {
                experiment = mlContext.AnomalyDetection.CreateAnoOnlyExperiment(settings.ExperimentSettings(table.FeatureVector, table.LabelColumn));
            }
            catch (ArgumentException e) when (e.ParamName != null && Settings.SettingNames.TryGetValue(e.ParamName, out string? flag))
            {
                throw new CliUserException($"{flag}: {e.Message.ReplaceLineEndings(" ")}", e);
            }
            PreparationReport.Write(_console, table);

            TransformerChain<ITransformer> preparation;
            try
            {
                preparation = table.Featurizer.Fit(table.Data);
            }
            catch (Exception e) when (LibraryMessages.InputErrorIn(e) is AnoOnlyInputException input)
            {
                throw LibraryMessages.Translate(input, table.FeatureVector, Array.Empty<string>());
            }
            IDataView prepared = preparation.Transform(table.Data);
            string metric = settings.Metric == AnoOnlyMetric.AreaUnderPrCurve ? "AUC-PR" : "AUC-ROC";
            _console.MarkupLine($"Sweeping on {table.FeatureColumns.Length} columns of {Markup.Escape(table.File.Path)}, label '{Markup.Escape(table.LabelColumn)}': " +
                                $"at most {settings.MaxTrials} trials or {settings.MaxMinutes.ToString("0.##", CultureInfo.InvariantCulture)} min, " +
                                $"{settings.Folds}-fold {metric} on the labeled anomalies, seed {settings.Seed}. Trial 1 is the default configuration.");

            var board = new TrialBoard(_console, settings.Metric, settings.MaxTrials);
            AnoOnlyExperimentResult result = board.Show(() => Run(experiment, prepared, board, table, settings, cancellationToken));
            board.WriteFinal();
            var model = preparation.Append(result.BestModel);

            string outPath = TrainedModels.Save(mlContext, model, table, settings.Out);
            string trialsPath = Path.GetFullPath(settings.Trials);
            Directory.CreateDirectory(Path.GetDirectoryName(trialsPath)!);
            result.SaveCsv(trialsPath);

            _console.MarkupLine($"Stopped by {Stopped(result.StopReason)} after {result.Trials.Count} trials in {result.TrialsDuration.TotalSeconds:F0} s; " +
                                $"refit on all rows in {result.RefitDuration.TotalSeconds:F1} s.");
            _console.MarkupLine(Markup.Escape(Verdict(result, metric)));
            _console.MarkupLine($"Saved [green]{Markup.Escape(outPath)}[/] and the trials to [green]{Markup.Escape(trialsPath)}[/] ({clock.Elapsed.TotalSeconds:F0} s in all).");
            return ExitCodes.Ok;
        }

        private static AnoOnlyExperimentResult Run(AnoOnlyExperiment experiment, IDataView prepared, TrialBoard board, TrainingTable table,
            Settings settings, CancellationToken cancellationToken)
        {
            try
            {
                return experiment.Run(prepared, board, cancellationToken);
            }
            catch (TimeoutException e)
            {
                throw new CliUserException(
                    $"--max-minutes {settings.MaxMinutes.ToString(CultureInfo.InvariantCulture)} passed before the first trial (the default configuration) " +
                    "finished, so there is no model to save: raise --max-minutes.", e);
            }
            catch (Exception e) when (LibraryMessages.InputErrorIn(e) is AnoOnlyInputException input)
            {
                throw LibraryMessages.Translate(input, table.FeatureVector, Array.Empty<string>());
            }
        }

        private static string Stopped(AnoOnlyExperimentStopReason reason) => reason switch
        {
            AnoOnlyExperimentStopReason.MaxTrials => "--max-trials",
            AnoOnlyExperimentStopReason.MaxDuration => "--max-minutes",
            _ => "cancellation",
        };

        /// <summary>What "clearly better" means (AnoOnlyExperiment.ClearlyBetter), as the verdict says it.</summary>
        private const string ClearRule = "by more than the folds' own spread and than the best of that many trials gains by chance";

        /// <summary>Whether the sweep kept the default configuration, and why: the one thing a user must know about the result.</summary>
        private static string Verdict(AnoOnlyExperimentResult result, string metric)
        {
            AnoOnlyTrialResult best = result.BestTrial;
            string Score(AnoOnlyTrialResult trial) => string.Create(CultureInfo.InvariantCulture, $"{metric} {trial.MetricMean:F4} ± {trial.MetricStdDev:F4}");
            if (result.KeptDefault && result.ConfirmationTrials.Count == 2)
                return $"Kept the default configuration (trial 1, {best.Options.Backbone}, {Score(best)}): the best other trial " +
                       $"({result.ConfirmationTrials[1].Options.Backbone}) looked clearly better on the sweep's folds, but not on fresh folds ({Score(result.ConfirmationTrials[1])} against the default's {Score(result.ConfirmationTrials[0])}).";
            if (result.KeptDefault)
                return $"Kept the default configuration (trial 1, {best.Options.Backbone}, {Score(best)}): no other trial was better fold by fold " +
                       $"{ClearRule}.";
            string chosen = $"Chose trial {best.TrialId} ({best.Options.Backbone}, {best.Options.Loss} loss, " +
                            string.Create(CultureInfo.InvariantCulture, $"learning rate {best.Options.LearningRate:G3}, {best.Options.NumberOfEpochs} epochs, batch {best.Options.BatchSize}") +
                            $"), {Score(best)}";
            return result.DefaultTrial is { Status: AnoOnlyTrialStatus.Succeeded } baseline
                ? $"{chosen}, over the default configuration (trial 1, {Score(baseline)}): better fold by fold {ClearRule}, and again on fresh folds. " +
                  "The model joins it to the default, each with an equal say."
                : $"{chosen}; the default configuration did not finish ({result.DefaultTrial?.Error ?? "stopped"}).";
        }
    }
}
