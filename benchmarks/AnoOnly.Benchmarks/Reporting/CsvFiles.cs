using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using AnoOnly.Benchmarks.Runs;

namespace AnoOnly.Benchmarks.Reporting
{
    /// <summary>The raw measurements as CSV (invariant culture, one row per fit).</summary>
    internal static class CsvFiles
    {
        public static void WriteResults(string path, IEnumerable<RunResult> results)
        {
            var text = new StringBuilder("dataset,method,seed,aucroc,aucpr,fit_s,score_rows_per_s,peak_working_set_mb,predict_us_per_row,features\n");
            foreach (RunResult r in results.Where(r => r.LabelNoise == 0))
                text.AppendLine(Join(r.Dataset, r.Method, r.Seed, F(r.AucRoc), F(r.AucPr), F(r.FitSeconds), F(r.ScoreRowsPerSecond, "0"),
                    F(r.PeakWorkingSetMb, "0.0"), F(r.PredictMicroseconds, "0.000"), r.FeatureCount));
            File.WriteAllText(path, text.ToString());
        }

        public static void WriteLabelNoise(string path, IEnumerable<RunResult> results)
        {
            var text = new StringBuilder("dataset,backbone,loss,method,seed,label_noise,aucroc,aucpr,fit_s\n");
            foreach (RunResult r in results.Where(r => r.Variant != null))
                text.AppendLine(Join(r.Dataset, r.Variant!.BackboneName, r.Variant.LossName, r.Method, r.Seed, F(r.LabelNoise, "0.###"),
                    F(r.AucRoc), F(r.AucPr), F(r.FitSeconds)));
            File.WriteAllText(path, text.ToString());
        }

        public static void WriteScale(string path, IEnumerable<ScaleResult> results)
        {
            var text = new StringBuilder("kind,method,rows,features,data_mb,fit_s,baseline_working_set_mb,peak_working_set_mb,score_rows_per_s\n");
            foreach (ScaleResult r in results)
                text.AppendLine(Join(r.Kind, r.Method, r.Rows, r.Features, F(r.DataMb, "0.0"), F(r.FitSeconds), F(r.BaselineMb, "0.0"),
                    F(r.PeakMb, "0.0"), F(r.ScoreRowsPerSecond, "0")));
            File.WriteAllText(path, text.ToString());
        }

        public static void WriteDesign(string path, IEnumerable<DesignResult> results)
        {
            var text = new StringBuilder("dataset,seed,design,heldout_aucroc\n");
            foreach (DesignResult r in results)
                text.AppendLine(Join(r.Dataset, r.Seed, r.Design, F(r.HeldOutAucRoc)));
            File.WriteAllText(path, text.ToString());
        }

        public static void WriteLoop(string path, IEnumerable<LoopResult> results)
        {
            var text = new StringBuilder("dataset,seed,strategy,round,reviewed,found,detection_rate,aucroc\n");
            foreach (LoopResult r in results)
                text.AppendLine(Join(r.Dataset, r.Seed, r.Strategy, r.Round, r.Reviewed, r.Found, F(r.DetectionRate), F(r.AucRoc)));
            File.WriteAllText(path, text.ToString());
        }

        private static string F(double value, string format = "0.0000")
            => double.IsNaN(value) ? "" : value.ToString(format, CultureInfo.InvariantCulture);

        private static string Join(params object[] cells)
            => string.Join(',', cells.Select(c => c is string s && s.Contains(',') ? $"\"{s}\"" : System.Convert.ToString(c, CultureInfo.InvariantCulture)));
    }
}
