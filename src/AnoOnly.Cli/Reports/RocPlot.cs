using System.Globalization;

namespace Microsoft.ML.AnoOnly.Cli.Reports
{
    /// <summary>Draws a ROC curve to a PNG file with ScottPlot.</summary>
    internal static class RocPlot
    {
        public static void Save(string path, double[] falsePositiveRate, double[] truePositiveRate, double auc, string title)
        {
            var plot = new ScottPlot.Plot();
            var chance = plot.Add.Line(0, 0, 1, 1);
            chance.LineColor = ScottPlot.Colors.Gray;
            chance.LinePattern = ScottPlot.LinePattern.Dashed;
            chance.LegendText = "chance";
            var curve = plot.Add.ScatterLine(falsePositiveRate, truePositiveRate);
            curve.LineWidth = 2;
            curve.LegendText = "AUC-ROC " + auc.ToString("F3", CultureInfo.InvariantCulture);
            plot.Axes.SetLimits(0, 1, 0, 1);
            plot.XLabel("False positive rate");
            plot.YLabel("True positive rate (detection rate)");
            plot.Title(title);
            plot.ShowLegend(ScottPlot.Alignment.LowerRight);
            plot.SavePng(path, 640, 480);
        }
    }
}
