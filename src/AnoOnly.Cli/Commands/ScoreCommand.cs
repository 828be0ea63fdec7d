using System;
using System.ComponentModel;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using Microsoft.ML.AnoOnly.Cli.Data;
using Microsoft.ML.Data;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Microsoft.ML.AnoOnly.Cli.Commands
{
    /// <summary>
    /// <c>anoonly score</c>: streams a file through a saved model to an output file. Memory stays constant whatever the
    /// file's size: ML.NET's TextLoader and the model are lazy (the model scores a block of rows at a time), and each
    /// scored row is written as soon as it is read. <c>--explain K</c> adds the K features that moved each score most.
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
            DelimitedFile file = settings.OpenData();
            ModelManifest? manifest = ModelManifest.ReadFrom(settings.Model);
            string outPath = Path.GetFullPath(settings.OutPath);
            if (outPath == Path.GetFullPath(file.Path))
                throw new CliUserException("--out must not be the input file.");

            var mlContext = new MLContext(seed: 1);
            TransformerChain<AnoOnlyTransformer> model = ModelFiles.Load(mlContext, settings.Model, out DataViewSchema modelSchema);
            ModelInput modelInput = ModelInput.For(manifest, settings.Features, settings.Model, model, modelSchema, file);
            IDataView input = modelInput.Loader(mlContext, file, passThrough: true).Load(file.Path);
            IDataView scored = Transform(model, input, modelInput);
            TopContributions? explanation = null;
            if (settings.Explain is int count)
            {
                scored = Explain(mlContext, model.LastTransformer, scored, settings.Model);
                explanation = new TopContributions(modelInput.SlotColumns, count);
            }

            long bytes = new FileInfo(file.Path).Length;
            long rows = 0, flagged = 0;
            _console.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
                .Start(progress =>
                {
                    ProgressTask task = progress.AddTask("Scoring", maxValue: Math.Max(1, bytes));
                    try
                    {
                        (rows, flagged) = Stream(scored, file, outPath, settings.Threshold, explanation, task, cancellationToken);
                    }
                    catch (Exception e) when (LibraryMessages.InputErrorIn(e) is AnoOnlyInputException inputError)
                    {
                        File.Delete(outPath + ".partial");
                        throw LibraryMessages.Translate(inputError, modelInput.FeatureVector, modelInput.SlotColumns);
                    }
                    task.Value = task.MaxValue;
                });
            _console.MarkupLine($"Scored {rows:N0} rows, {flagged:N0} flagged as anomalies; wrote [green]{Markup.Escape(outPath)}[/]");
            return ExitCodes.Ok;
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

        private static (long Rows, long Flagged) Stream(IDataView scored, DelimitedFile file, string outPath, float? threshold,
            TopContributions? explanation, ProgressTask task, CancellationToken cancellationToken)
        {
            int columnCount = file.Columns.Count;
            var passThrough = Enumerable.Range(0, columnCount).Select(i => scored.Schema[FileLoaders.PassThrough(i)]).ToArray();
            DataViewSchema.Column scoreColumn = scored.Schema["Score"];
            DataViewSchema.Column labelColumn = scored.Schema["PredictedLabel"];
            char separator = file.Separator;

            string temp = outPath + ".partial";
            long rows = 0, flagged = 0;
            using (var writer = new StreamWriter(temp, false, new UTF8Encoding(false), 1 << 16))
            {
                if (file.HasHeader)
                    writer.WriteLine(string.Join(separator, file.Columns.Select(c => DelimitedFile.Quote(c, separator)).Append("Score")
                        .Append("PredictedLabel").Concat(explanation?.Header() ?? Enumerable.Empty<string>())));

                var columns = passThrough.Append(scoreColumn).Append(labelColumn).ToList();
                DataViewSchema.Column? contributionsColumn = explanation == null
                    ? null
                    : scored.Schema[AnoOnlyFeatureContributionTransformer.FeatureContributionsColumnName];
                if (contributionsColumn is DataViewSchema.Column added)
                    columns.Add(added);
                using DataViewRowCursor cursor = scored.GetRowCursor(columns);
                ValueGetter<VBuffer<float>>? getContributions = contributionsColumn is DataViewSchema.Column explained
                    ? cursor.GetGetter<VBuffer<float>>(explained)
                    : null;
                VBuffer<float> contributions = default;
                var getText = passThrough.Select(c => cursor.GetGetter<ReadOnlyMemory<char>>(c)).ToArray();
                var getScore = cursor.GetGetter<float>(scoreColumn);
                var getLabel = cursor.GetGetter<bool>(labelColumn);
                ReadOnlyMemory<char> text = default;
                float score = 0;
                bool label = false;
                var line = new StringBuilder();
                while (cursor.MoveNext())
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    line.Clear();
                    for (int c = 0; c < columnCount; c++)
                    {
                        getText[c](ref text);
                        line.Append(DelimitedFile.Quote(text.ToString(), separator)).Append(separator);
                    }
                    getScore(ref score);
                    getLabel(ref label);
                    if (threshold is float t)
                        label = score > t;
                    line.Append(score.ToString("R", CultureInfo.InvariantCulture)).Append(separator).Append(label ? "true" : "false");
                    if (getContributions != null)
                    {
                        getContributions(ref contributions);
                        explanation!.Append(line, contributions.DenseValues().ToArray(), separator);
                    }
                    writer.WriteLine(line);
                    rows++;
                    if (label)
                        flagged++;
                    // The loader reports no byte position: the written line's length is a close estimate.
                    task.Increment(line.Length + 1);
                }
            }
            File.Move(temp, outPath, overwrite: true);
            return (rows, flagged);
        }
    }
}
