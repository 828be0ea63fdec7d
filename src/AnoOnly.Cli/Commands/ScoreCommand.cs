using System;
using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using Microsoft.ML.AnoOnly.Cli.Data;
using Microsoft.ML.AnoOnly.Cli.Reports;
using Microsoft.ML.AnoOnly.Cli.Scoring;
using Microsoft.ML.Data;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Microsoft.ML.AnoOnly.Cli.Commands
{
    /// <summary>
    /// <c>anoonly score</c>: streams a file through a saved model to an output file, in memory that does not grow with the
    /// file. A file of plain numbers goes through the tool's streaming reader (<see cref="StreamingCsvScorer"/>: parsing and
    /// writing on one thread, the model on another); anything else, or the rest of a file from its first line that is not
    /// plain, goes through ML.NET's TextLoader (<see cref="TextLoaderScoring"/>). Both write the same bytes.
    /// <c>--explain K</c> adds the K columns that moved each score most.
    /// </summary>
    internal sealed class ScoreCommand : Command<ScoreCommand.Settings>
    {
        private readonly IAnsiConsole _console;

        public ScoreCommand(IAnsiConsole console) => _console = console;

        internal sealed class Settings : DataFileSettings
        {
            [CommandOption("-m|--model <FILE>")]
            [Description("The model saved by 'anoonly train' (or any ML.NET zip with an AnoOnly model; then pass --features).")]
            [DefaultValue("model.zip")]
            public string Model { get; set; } = "model.zip";

            [CommandOption("-o|--out <FILE>")]
            [Description("The output file: the input's columns, then Score and PredictedLabel. Default: <data>.scored.csv.")]
            public string? Out { get; set; }

            [CommandOption("-f|--features <COLUMNS>")]
            [Description("For a model saved by other code without the tool's manifest: the comma-separated numeric columns of its feature vector, in order.")]
            public string? Features { get; set; }

            [CommandOption("-t|--threshold <SCORE>")]
            [Description("Flag rows with Score above this value instead of the model's own threshold.")]
            public float? Threshold { get; set; }

            [CommandOption("-x|--explain <K>")]
            [Description("Add the K features that moved each row's score most from a normal row: columns Why1, Why1Contribution, ... WhyK, WhyKContribution (name and signed contribution, largest magnitude first).")]
            public int? Explain { get; set; }

            public string OutPath => Out ?? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(Data)) ?? ".",
                Path.GetFileNameWithoutExtension(Data) + ".scored.csv");

            [CommandOption("--timings")]
            [Description("Print where the time went (reading and parsing, scoring, writing) and the peak working set.")]
            public bool Timings { get; set; }

            [CommandOption("--mlnet-reader")]
            [Description("Read the file with ML.NET's TextLoader even where the tool's streaming reader of numbers applies (the same output, slower).")]
            public bool MlNetReader { get; set; }

            public override ValidationResult Validate()
            {
                if (Threshold is float t && float.IsNaN(t))
                    return ValidationResult.Error("--threshold must be a number.");
                if (Explain is int k && k < 1)
                    return ValidationResult.Error("--explain takes the number of features to name per row, at least 1.");
                return ValidationResult.Success();
            }
        }

        public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
        {
            var wall = Stopwatch.StartNew();
            DelimitedFile file = settings.OpenData();
            ModelManifest? manifest = ModelManifest.ReadFrom(settings.Model);
            string outPath = Path.GetFullPath(settings.OutPath);
            if (outPath == Path.GetFullPath(file.Path))
                throw new CliUserException("--out must not be the input file.");

            var mlContext = new MLContext(seed: 1);
            TransformerChain<AnoOnlyTransformer> model = ModelFiles.Load(mlContext, settings.Model, out DataViewSchema modelSchema);
            ModelInput modelInput = ModelInput.For(manifest, settings.Features, settings.Model, model, modelSchema, file);
            TopContributions? explanation = settings.Explain is int count ? new TopContributions(modelInput.SlotColumns, count) : null;
            string? notStreamed = settings.MlNetReader
                ? "--mlnet-reader"
                : StreamingCsvScorer.WhyNot(file, modelInput, explain: explanation != null);

            long bytes = new FileInfo(file.Path).Length;
            long rows = 0, flagged = 0;
            var timings = new ScoringTimings();
            string temp = outPath + ".partial";
            _console.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
                .Start(progress =>
                {
                    ProgressTask task = progress.AddTask("Scoring", maxValue: Math.Max(1, bytes));
                    try
                    {
                        using (var output = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 1))
                        {
                            WriteHeader(output, file, explanation);
                            bool complete = false;
                            if (notStreamed == null)
                            {
                                var streaming = new StreamingCsvScorer(file, modelInput, model, settings.Threshold, output);
                                (rows, flagged, complete) = streaming.Run(read => task.Value = read, cancellationToken);
                                timings = streaming.Timings;
                                if (!complete)
                                    notStreamed = $"row {rows + 1:N0} is not a plain line of numbers (a quote, a stray space, a malformed number)";
                            }
                            if (!complete)
                                (rows, flagged) = ScoreWithTextLoader(mlContext, model, modelInput, file, settings, explanation, output, rows, flagged,
                                    task, timings, cancellationToken);
                        }
                    }
                    catch
                    {
                        File.Delete(temp);
                        throw;
                    }
                    task.Value = task.MaxValue;
                });
            File.Move(temp, outPath, overwrite: true);
            _console.MarkupLine($"Scored {rows:N0} rows, {flagged:N0} flagged as anomalies; wrote [green]{Markup.Escape(outPath)}[/]");
            if (settings.Timings)
                TimingsReport.Write(_console, timings, rows, wall.Elapsed.TotalSeconds, notStreamed);
            return ExitCodes.Ok;
        }

        /// <summary>TextLoader scores what the streaming reader did not: the whole file, or the rows after its last.</summary>
        private static (long Rows, long Flagged) ScoreWithTextLoader(MLContext mlContext, TransformerChain<AnoOnlyTransformer> model,
            ModelInput modelInput, DelimitedFile file, Settings settings, TopContributions? explanation, Stream output, long rows, long flagged,
            ProgressTask task, ScoringTimings timings, CancellationToken cancellationToken)
        {
            IDataView input = modelInput.Loader(mlContext, file, passThrough: true).Load(file.Path);
            if (rows > 0)
                input = mlContext.Data.SkipRows(input, rows);
            IDataView scored = Transform(model, input, modelInput);
            if (explanation != null)
                scored = Explain(mlContext, model.LastTransformer, scored, settings.Model);
            using var writer = new StreamWriter(output, new UTF8Encoding(false), 1 << 16, leaveOpen: true);
            try
            {
                (long more, long moreFlagged) = TextLoaderScoring.Write(scored, file, writer, settings.Threshold, explanation,
                    length => task.Increment(length), timings, cancellationToken);
                return (rows + more, flagged + moreFlagged);
            }
            catch (Exception e) when (LibraryMessages.InputErrorIn(e) is AnoOnlyInputException inputError)
            {
                throw LibraryMessages.Translate(inputError, modelInput.FeatureVector, modelInput.SlotColumns, rows);
            }
        }

        /// <summary>The header line, written by whichever path scores the rows, so both write the same.</summary>
        private static void WriteHeader(Stream output, DelimitedFile file, TopContributions? explanation)
        {
            if (!file.HasHeader)
                return;
            byte[] header = new UTF8Encoding(false).GetBytes(TextLoaderScoring.Header(file, explanation) + Environment.NewLine);
            output.Write(header);
        }

        internal static IDataView Transform(ITransformer model, IDataView input, ModelInput modelInput)
        {
            try
            {
                return model.Transform(input);
            }
            catch (Exception e) when (LibraryMessages.InputErrorIn(e) is AnoOnlyInputException inputError)
            {
                throw LibraryMessages.Translate(inputError, modelInput.FeatureVector, modelInput.SlotColumns);
            }
        }

        /// <summary>The scored rows with <c>FeatureContributions</c> added: the model's explanation against the normal
        /// reference it stores.</summary>
        private static IDataView Explain(MLContext mlContext, AnoOnlyTransformer model, IDataView scored, string modelPath)
        {
            AnoOnlyFeatureContributionEstimator estimator;
            try
            {
                estimator = mlContext.Transforms.CalculateAnoOnlyFeatureContribution(model);
            }
            catch (ArgumentException e)
            {
                throw new CliUserException(
                    $"'{modelPath}' was saved by an older version that did not store the normal rows' mean, which --explain " +
                    "measures from: train it again to explain its scores.", e);
            }
            return estimator.Fit(scored).Transform(scored);
        }
    }
}
