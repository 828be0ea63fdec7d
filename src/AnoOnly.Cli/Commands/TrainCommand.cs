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
    /// <c>anoonly train</c>: the library's featurizer (blanks, categories, scaling) and the AnoOnly trainer, fitted on a raw
    /// table and saved as one zip.
    /// </summary>
    internal sealed class TrainCommand : Command<TrainCommand.Settings>
    {
        private readonly IAnsiConsole _console;

        public TrainCommand(IAnsiConsole console) => _console = console;

        internal sealed class Settings : TrainingDataSettings
        {
            [CommandOption("-b|--backbone <BACKBONE>")]
            [Description("The detection network; 'anoonly backbones' lists them. Default: the trainer's default (the ensemble).")]
            public string? Backbone { get; set; }

            [CommandOption("--loss <LOSS>")]
            [Description("AnomalyOnly (the AnoOnly method) or Full (the backbone's original loss).")]
            [DefaultValue(AnoOnlyLoss.AnomalyOnly)]
            public AnoOnlyLoss Loss { get; set; } = AnoOnlyLoss.AnomalyOnly;

            [CommandOption("-e|--epochs <N>")]
            [Description("Training epochs. Default: the backbone's ('anoonly backbones' lists them).")]
            public int? Epochs { get; set; }

            public override ValidationResult Validate()
            {
                if (Backbone != null && !AnoOnlyBackboneInfo.TryParse(Backbone, out _))
                    return ValidationResult.Error($"--backbone: unknown backbone '{Backbone}'; 'anoonly backbones' lists them.");
                return base.Validate();
            }

            /// <summary>The trainer's options these settings ask for. The trainer checks them all (one validation for the
            /// library and the tool); its complaints name the option, which <see cref="OptionNames"/> maps to the flag.</summary>
            public AnoOnlyTrainer.Options TrainerOptions(string featureColumn, string labelColumn, IProgress<AnoOnlyTrainingProgress> progress,
                CancellationToken cancellation)
            {
                var options = new AnoOnlyTrainer.Options
                {
                    FeatureColumnName = featureColumn,
                    LabelColumnName = labelColumn,
                    Loss = Loss,
                    NumberOfEpochs = Epochs,
                    Seed = Seed,
                    Contamination = Contamination,
                    CancellationToken = cancellation,
                    Progress = progress,
                };
                if (Backbone != null && AnoOnlyBackboneInfo.TryParse(Backbone, out AnoOnlyBackbone backbone))
                    options.Backbone = backbone;
                return options;
            }

            /// <summary>The command-line flag of each option the tool sets.</summary>
            public static readonly IReadOnlyDictionary<string, string> OptionNames = new Dictionary<string, string>
            {
                [nameof(AnoOnlyTrainer.Options.NumberOfEpochs)] = "--epochs",
                [nameof(AnoOnlyTrainer.Options.Contamination)] = "--contamination",
                [nameof(AnoOnlyTrainer.Options.Loss)] = "--loss",
                [nameof(AnoOnlyTrainer.Options.Backbone)] = "--backbone",
            };
        }

        public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
        {
            var mlContext = new MLContext(settings.Seed);
            TrainingTable table = TrainingTable.Load(settings, mlContext);
            var progress = new EpochBars();
            AnoOnlyTrainer.Options options = settings.TrainerOptions(table.FeatureVector, table.LabelColumn, progress, cancellationToken);
            AnoOnlyTrainer trainer;
            try
            {
                trainer = mlContext.AnomalyDetection.Trainers.AnoOnly(options);
            }
            catch (ArgumentException e) when (e.ParamName != null && Settings.OptionNames.TryGetValue(e.ParamName, out string? flag))
            {
                throw new CliUserException($"{flag}: {e.Message.ReplaceLineEndings(" ")}", e);
            }
            var pipeline = table.Featurizer.Append(trainer);

            PreparationReport.Write(_console, table);
            AnoOnlyBackboneInfo backbone = AnoOnlyBackboneInfo.Of(options.Backbone);
            // The ensemble's members each train with their own loss; only a single network has one to name.
            string loss = backbone.IsSingleNetwork ? $" ({settings.Loss} loss)" : "";
            _console.MarkupLine($"Training [bold]{Markup.Escape(backbone.Name)}[/]{loss} on [bold]{table.FeatureColumns.Length}[/] columns of " +
                                $"{Markup.Escape(table.File.Path)}, label '{Markup.Escape(table.LabelColumn)}', seed {settings.Seed}.");
            var clock = Stopwatch.StartNew();
            TransformerChain<AnoOnlyTransformer> model = null!;
            _console.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                .Start(context =>
                {
                    progress.Attach(context);
                    try
                    {
                        model = pipeline.Fit(table.Data);
                    }
                    catch (Exception e) when (LibraryMessages.InputErrorIn(e) is AnoOnlyInputException input)
                    {
                        throw LibraryMessages.Translate(input, table.FeatureVector, Array.Empty<string>());
                    }
                    progress.Complete();
                });

            string outPath = TrainedModels.Save(mlContext, model, table, settings.Out);
            _console.MarkupLine($"Trained in {clock.Elapsed.TotalSeconds:F1} s; threshold {model.LastTransformer.Threshold.ToString("G6", CultureInfo.InvariantCulture)}.");
            _console.MarkupLine($"Saved [green]{Markup.Escape(outPath)}[/]");
            return ExitCodes.Ok;
        }
    }
}
