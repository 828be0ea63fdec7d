using System;
using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Collections.Generic;
using System.Threading;
using Microsoft.ML.AnoOnly.Cli.Data;
using Microsoft.ML.AnoOnly.Cli.Reports;
using Microsoft.ML.Data;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Microsoft.ML.AnoOnly.Cli.Commands
{
    /// <summary><c>anoonly train</c>: min-max normalisation + AnoOnly trainer, fitted on a file and saved as one zip.</summary>
    internal sealed class TrainCommand : Command<TrainCommand.Settings>
    {
        private readonly IAnsiConsole _console;

        public TrainCommand(IAnsiConsole console) => _console = console;

        internal sealed class Settings : DataFileSettings
        {
            [CommandOption("-l|--label <COLUMN>")]
            [Description("The label column: 1 (or true) marks a known anomaly; 0, false or empty marks an unlabeled row.")]
            [DefaultValue("label")]
            public string Label { get; set; } = "label";

            [CommandOption("-f|--features <COLUMNS>")]
            [Description("Comma-separated feature columns. Default: every numeric column except the label.")]
            public string? Features { get; set; }

            [CommandOption("-b|--backbone <BACKBONE>")]
            [Description("The detection network; 'anoonly backbones' lists them. Default: the trainer's default.")]
            public string? Backbone { get; set; }

            [CommandOption("--loss <LOSS>")]
            [Description("AnomalyOnly (the AnoOnly method) or Full (the backbone's original loss).")]
            [DefaultValue(AnoOnlyLoss.AnomalyOnly)]
            public AnoOnlyLoss Loss { get; set; } = AnoOnlyLoss.AnomalyOnly;

            [CommandOption("-e|--epochs <N>")]
            [Description("Training epochs. Default: the backbone's ('anoonly backbones' lists them).")]
            public int? Epochs { get; set; }

            [CommandOption("-s|--seed <N>")]
            [Description("Seed of initialisation and sampling: the same seed and data give the same model.")]
            [DefaultValue(1)]
            public int Seed { get; set; } = 1;

            [CommandOption("-c|--contamination <SHARE>")]
            [Description("Expected share of anomalies; sets the decision threshold (PredictedLabel). In (0, 0.5]].")]
            [DefaultValue(0.1)]
            public double Contamination { get; set; } = 0.1;

            [CommandOption("-o|--out <FILE>")]
            [Description("Where to save the model (a zip that mlContext.Model.Load reads).")]
            [DefaultValue("model.zip")]
            public string Out { get; set; } = "model.zip";

            public override ValidationResult Validate()
            {
                if (Backbone != null && !AnoOnlyBackboneInfo.TryParse(Backbone, out _))
                    return ValidationResult.Error($"--backbone: unknown backbone '{Backbone}'; 'anoonly backbones' lists them.");
                if (string.IsNullOrWhiteSpace(Out))
                    return ValidationResult.Error("--out must name a file.");
                return ValidationResult.Success();
            }

            /// <summary>The trainer's options these settings ask for. The trainer checks them all (one validation for the
            /// library and the tool); its complaints name the option, which <see cref="OptionNames"/> maps to the flag.</summary>
            public AnoOnlyTrainer.Options TrainerOptions(string labelColumn, IProgress<AnoOnlyTrainingProgress> progress, CancellationToken cancellation)
            {
                var options = new AnoOnlyTrainer.Options
                {
                    FeatureColumnName = FileLoaders.Features,
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
            DelimitedFile file = settings.OpenData();
            int labelIndex = file.IndexOf(settings.Label, "label");
            if (!file.IsNumeric[labelIndex] && !file.IsBoolean[labelIndex])
                throw new CliUserException(
                    $"Label column '{file.Columns[labelIndex]}' must hold 1/0 or true/false (first {DelimitedFile.SampleRows} rows).");
            string[] featureNames = settings.Features is null
                ? Enumerable.Range(0, file.Columns.Count).Where(i => i != labelIndex && file.IsNumeric[i]).Select(i => file.Columns[i]).ToArray()
                : ModelManifest.ParseColumnList(settings.Features);
            if (featureNames.Length == 0)
                throw new CliUserException($"'{file.Path}' has no numeric column besides the label to use as a feature.");
            int[] featureIndexes = FileLoaders.NumericIndexes(file, featureNames, "feature");
            if (featureIndexes.Contains(labelIndex))
                throw new CliUserException($"Column '{file.Columns[labelIndex]}' is the label; it cannot also be a feature.");
            featureNames = featureIndexes.Select(i => file.Columns[i]).ToArray();

            var mlContext = new MLContext(settings.Seed);
            string labelColumn = FileLoaders.LabelColumnName(file, labelIndex);
            var progress = new EpochBars();
            AnoOnlyTrainer.Options options = settings.TrainerOptions(labelColumn, progress, cancellationToken);
            AnoOnlyTrainer trainer;
            try
            {
                trainer = mlContext.AnomalyDetection.Trainers.AnoOnly(options);
            }
            catch (ArgumentException e) when (e.ParamName != null && Settings.OptionNames.TryGetValue(e.ParamName, out string? flag))
            {
                throw new CliUserException($"{flag}: {e.Message.ReplaceLineEndings(" ")}", e);
            }
            IDataView data = FileLoaders.Create(mlContext, file, featureIndexes, labelIndex).Load(file.Path);
            var pipeline = mlContext.Transforms.NormalizeMinMax(FileLoaders.Features).Append(trainer);

            AnoOnlyBackboneInfo backbone = AnoOnlyBackboneInfo.Of(options.Backbone);
            _console.MarkupLine($"Training [bold]{Markup.Escape(backbone.Name)}[/] ({settings.Loss} loss) on [bold]{featureNames.Length}[/] features of " +
                                $"{Markup.Escape(file.Path)}, label '{Markup.Escape(file.Columns[labelIndex])}', seed {settings.Seed}.");
            var clock = Stopwatch.StartNew();
            TransformerChain<AnoOnlyTransformer> model = null!;
            _console.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                .Start(context =>
                {
                    progress.Attach(context);
                    try
                    {
                        model = pipeline.Fit(data);
                    }
                    catch (Exception e) when (LibraryMessages.InputErrorIn(e) is AnoOnlyInputException input)
                    {
                        throw LibraryMessages.Translate(input, featureNames);
                    }
                    progress.Complete();
                });

            string outPath = Path.GetFullPath(settings.Out);
            Directory.CreateDirectory(Path.GetDirectoryName(outPath)!);
            AnoOnlyTransformer detector = model.LastTransformer;
            ModelFiles.Save(mlContext, model, data.Schema, new ModelManifest
            {
                FeatureColumns = featureNames,
                LabelColumn = file.Columns[labelIndex],
            }, outPath);

            _console.MarkupLine($"Trained in {clock.Elapsed.TotalSeconds:F1} s; threshold {detector.Threshold.ToString("G6", CultureInfo.InvariantCulture)}.");
            _console.MarkupLine($"Saved [green]{Markup.Escape(outPath)}[/]");
            return ExitCodes.Ok;
        }
    }
}
