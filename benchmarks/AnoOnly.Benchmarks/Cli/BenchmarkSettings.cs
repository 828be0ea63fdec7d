using System;
using System.ComponentModel;
using System.Globalization;
using System.Linq;
using Spectre.Console;
using Spectre.Console.Cli;

namespace AnoOnly.Benchmarks.Cli
{
    /// <summary>The command line of the benchmark program (docs/benchmarks.md lists every option).</summary>
    internal sealed class BenchmarkSettings : CommandSettings
    {
        [CommandOption("--data-dir <DIR>")]
        [Description("Folder of CSV sets (header f0..fN-1,label; label 1 = anomaly). Default: ../shared/datasets beside the repository.")]
        public string? DataDir { get; init; }

        [CommandOption("--seeds <LIST>")]
        [Description("Comma list of split and training seeds. Default: 1,2,3 (1 with --quick).")]
        public string? Seeds { get; init; }

        [CommandOption("--methods <LIST>")]
        [Description("Comma list of methods (DevNet-AnoOnly, RandomizedPca, ...), backbones (DevNet: both losses) or losses (AnoOnly, Full). Default: all.")]
        public string? Methods { get; init; }

        [CommandOption("--datasets <LIST>")]
        [Description("Comma list of dataset names or name parts to keep. Default: all CSVs of the folder (the 2 smallest with --quick).")]
        public string? Datasets { get; init; }

        [CommandOption("--out <DIR>")]
        [Description("Output folder for results.csv, summary.md and the plots. Default: artifacts/benchmarks.")]
        public string Out { get; init; } = "artifacts/benchmarks";

        [CommandOption("--quick")]
        [Description("Smoke run: seed 1, the 2 smallest sets, a reduced training budget (5 epochs x 5 batches, LightGBM 20 trees), short speed timings, tiny scale sizes.")]
        public bool Quick { get; init; }

        [CommandOption("--label-noise <LIST>")]
        [Description("Comma list of label-noise levels p in [[0,1), e.g. 0,0.1,0.2,0.3 (Full vs AnoOnly per backbone). Default: 0 only.")]
        public string? LabelNoise { get; init; }

        [CommandOption("--scale")]
        [Description("Also run the scale mode: fit time and peak memory against training rows, scoring throughput at the largest size, streamed views.")]
        public bool Scale { get; init; }

        [CommandOption("--design-study")]
        [Description("Also run the design study of the default ensemble: each candidate design cross-validated on the training labels of every set and seed (design.csv).")]
        public bool DesignStudy { get; init; }
        [CommandOption("--deployment")]
        [Description("Run only the deployment measurements (Transform of trained and loaded models, PredictionEngine, explanations, per backbone; about two minutes) and write deployment.md.")]
        public bool Deployment { get; init; }

        [CommandOption("--skip-accuracy")]
        [Description("Skip the per-dataset table (for example to run --scale alone).")]
        public bool SkipAccuracy { get; init; }

        [CommandOption("--scale-rows <LIST>")]
        [Description("Materialised training sizes of the scale mode. Default: 10000,100000,1000000.")]
        public string ScaleRows { get; init; } = "10000,100000,1000000";

        [CommandOption("--scale-dims <LIST>")]
        [Description("Feature counts of the scale mode. Default: 32,512.")]
        public string ScaleDims { get; init; } = "32,512";

        [CommandOption("--scale-max-mb <MB>")]
        [Description("Largest materialised synthetic set (rows x features x 4 bytes) the scale mode builds; bigger sizes are skipped with a note. Default: 1024.")]
        public int ScaleMaxMb { get; init; } = 1024;

        [CommandOption("--stream-rows <LIST>")]
        [Description("Row counts of the streamed (never materialised) view trained on in scale mode. Default: 1000000,10000000.")]
        public string StreamRows { get; init; } = "1000000,10000000";

        [CommandOption("--stream-reservoir <ROWS>")]
        [Description("Options.MaxUnlabeledRows for the streamed runs. Default: 100000.")]
        public int StreamReservoir { get; init; } = 100_000;

        [CommandOption("--cli-score-rows <ROWS>")]
        [Description("Rows of the CSV that the scale mode scores through the anoonly tool as a child process (wall time, peak memory, the tool's time split); 0 skips it. Default: 10000000 (20000 with --quick).")]
        public long? CliScoreRows { get; init; }

        [CommandOption("--cli-score-only")]
        [Description("Run only the anoonly-score measurement of the scale mode (--cli-score-rows rows) and write cli_score.md.")]
        public bool CliScoreOnly { get; init; }

        [CommandOption("--speed-seconds <S>")]
        [Description("Least time each throughput and latency measurement runs. Default: 0.3 (0.05 with --quick).")]
        public double? SpeedSeconds { get; init; }

        [CommandOption("--active-learning")]
        [Description("Run the loop mode instead of the accuracy table: an analyst reviews 20 rows a round for 8 rounds, starting from 5 % of the pool's anomalies labeled; detection rate and held-out AUC-ROC per round and review strategy (loop.csv).")]
        public bool ActiveLearning { get; init; }

        [CommandOption("--loop-strategies <LIST>")]
        [Description("Comma list of review strategies for --active-learning (AnoOnlyReviewStrategy names; suffix -DropNormals: rows found normal stay unlabeled). Default: TopScored-DropNormals,TopScored,TopDiverse,Random.")]
        public string? LoopStrategies { get; init; }

        [CommandOption("--no-plots")]
        [Description("Skip the PNG plots.")]
        public bool NoPlots { get; init; }

        public int[] SeedList => Parse(Seeds ?? (Quick ? "1" : "1,2,3"), "--seeds", int.Parse);

        public double[] NoiseList => Parse(LabelNoise ?? "0", "--label-noise", s => double.Parse(s, CultureInfo.InvariantCulture));

        public int[] ScaleRowList => Parse(Quick ? "10000" : ScaleRows, "--scale-rows", int.Parse);

        public int[] ScaleDimList => Parse(Quick ? "32" : ScaleDims, "--scale-dims", int.Parse);

        public long[] StreamRowList => Parse(Quick ? "200000" : StreamRows, "--stream-rows", long.Parse);

        public double MeasureSeconds => SpeedSeconds ?? (Quick ? 0.05 : 0.3);

        public long CliScoreRowCount => CliScoreRows ?? (Quick ? 20_000 : 10_000_000);

        public override ValidationResult Validate()
        {
            try
            {
                if (SeedList.Length == 0)
                    return ValidationResult.Error("--seeds: give at least one seed.");
                if (NoiseList.Any(p => !(p >= 0 && p < 1)))
                    return ValidationResult.Error("--label-noise: every level must lie in [0, 1).");
                if (ScaleRowList.Any(n => n < 100) || ScaleDimList.Any(d => d < 2) || StreamRowList.Any(n => n < 100))
                    return ValidationResult.Error("--scale-rows and --stream-rows need at least 100 rows, --scale-dims at least 2 features.");
                if (StreamReservoir < 1 || ScaleMaxMb < 1)
                    return ValidationResult.Error("--stream-reservoir and --scale-max-mb must be positive.");
                if (SpeedSeconds is double s && !(s > 0))
                    return ValidationResult.Error("--speed-seconds must be positive.");
                if (SkipAccuracy && !Scale && !DesignStudy && !Deployment && !CliScoreOnly && !ActiveLearning)
                    return ValidationResult.Error("--skip-accuracy leaves nothing to run without --scale, --design-study, --deployment, --cli-score-only or --active-learning.");
                if (CliScoreRows is long cliRows && cliRows < 0 || CliScoreOnly && CliScoreRowCount < 1)
                    return ValidationResult.Error("--cli-score-rows must be positive (0 skips the measurement in --scale).");
                if (LoopStrategies != null && !ActiveLearning)
                    return ValidationResult.Error("--loop-strategies needs --active-learning.");
                if (ActiveLearning)
                    Runs.LoopStrategy.Parse(LoopStrategies);
            }
            catch (Exception e) when (e is FormatException or ArgumentException)
            {
                return ValidationResult.Error(e.Message);
            }
            return ValidationResult.Success();
        }

        private static T[] Parse<T>(string text, string option, Func<string, T> parse)
        {
            try
            {
                return text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(parse).ToArray();
            }
            catch (Exception e) when (e is FormatException or OverflowException)
            {
                throw new FormatException($"{option}: '{text}' is not a comma list of numbers.");
            }
        }
    }
}
