using System.Linq;

namespace Microsoft.ML.AnoOnly.Tests.Reference
{
    /// <summary>One backbone x loss on one dataset: our test AUC-ROC per seed next to the reference's mean.</summary>
    /// <param name="Dataset">The set's name.</param>
    /// <param name="AucRoc">Our test AUC-ROC, one per seed.</param>
    /// <param name="AucPr">Our test AUC-PR, one per seed.</param>
    /// <param name="FitSeconds">Fit wall time, one per seed.</param>
    /// <param name="Reference">The reference's test AUC-ROC, mean of seeds 1-3.</param>
    internal sealed record SetParity(string Dataset, double[] AucRoc, double[] AucPr, double[] FitSeconds, double Reference)
    {
        public double Mean => AucRoc.Average();

        public double Difference => Mean - Reference;
    }
}
