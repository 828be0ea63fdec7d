using System.Collections.Generic;
using System.IO;
using AnoOnly.Benchmarks.Runs;

namespace AnoOnly.Benchmarks.Reporting
{
    /// <summary>Everything one run measured, and the files written from it.</summary>
    internal sealed class BenchmarkReport
    {
        public BenchmarkReport(RunDescription description, List<string> notes)
        {
            Description = description;
            Notes = notes;
        }

        public RunDescription Description { get; }
        public List<string> Notes { get; }
        public string? DataFolder { get; set; }
        public List<RunResult> Results { get; set; } = new();
        public List<TargetResult> Targets { get; set; } = new();
        public List<ScaleResult> Scale { get; set; } = new();
        public List<DesignResult> Design { get; set; } = new();
        public List<LoopResult> Loop { get; set; } = new();
        public ReferenceNumbers Reference { get; set; } = new();

        /// <summary>Writes results.csv (and label_noise.csv, scale.csv, design.csv, loop.csv when measured), the plots, then summary.md.</summary>
        public void WriteAll(string outDir, bool plots)
        {
            if (Results.Count > 0 || Loop.Count == 0)
                CsvFiles.WriteResults(Path.Combine(outDir, "results.csv"), Results);
            if (Loop.Count > 0)
                CsvFiles.WriteLoop(Path.Combine(outDir, "loop.csv"), Loop);
            if (Results.Exists(r => r.LabelNoise > 0))
                CsvFiles.WriteLabelNoise(Path.Combine(outDir, "label_noise.csv"), Results);
            if (Scale.Count > 0)
                CsvFiles.WriteScale(Path.Combine(outDir, "scale.csv"), Scale);
            if (Design.Count > 0)
                CsvFiles.WriteDesign(Path.Combine(outDir, "design.csv"), Design);
            IReadOnlyList<string> images = plots ? Plots.WriteAll(outDir, this) : new List<string>();
            File.WriteAllText(Path.Combine(outDir, "summary.md"), SummaryWriter.Write(this, images));
        }
    }
}
