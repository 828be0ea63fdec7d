using System.IO;
using System.Linq;
using Microsoft.ML.AnoOnly.Evaluation;

namespace Microsoft.ML.AnoOnly.Tests.Deployment
{
    /// <summary>
    /// The saved models of Fixtures/models-v1 (every backbone x loss, trained on the cardio sample, 21 features) and the
    /// cardio test rows: trained networks for the deployment tests without training anything.
    /// </summary>
    internal static class FixtureModels
    {
        public static string Folder => Path.Combine(TestData.RepoRoot, "tests", "Microsoft.ML.AnoOnly.Tests", "Fixtures", "models-v1");

        /// <summary>backbone-loss names, e.g. <c>feawad-anomalyonly</c>.</summary>
        public static string[] Names => SavedModelFixtureTests.Models;

        public static string PathOf(string name) => Path.Combine(Folder, name + ".zip");

        /// <summary>The cardio test split of seed 1 (as the fixtures' expected scores were computed on).</summary>
        public static SemiSupervisedSplit CardioSplit(MLContext ml) => SemiSupervisedSplit.Create(LabeledDataset.LoadCsv(ml, TestDatasets.Cardio), seed: 1);

        /// <summary>The first <paramref name="count"/> cardio test rows.</summary>
        public static float[][] TestRows(MLContext ml, int count = 200) => CardioSplit(ml).Test.Features.Take(count).ToArray();

        /// <summary><paramref name="count"/> rows, the test rows over and over (more than the test part holds).</summary>
        public static float[][] ManyRows(MLContext ml, int count)
        {
            float[][] test = CardioSplit(ml).Test.Features;
            return Enumerable.Range(0, count).Select(i => test[i % test.Length]).ToArray();
        }

        /// <summary>The fixture, loaded with LoadAnoOnly.</summary>
        public static Microsoft.ML.Data.TransformerChain<AnoOnlyTransformer> Load(MLContext ml, string name)
            => ml.Model.LoadAnoOnly(PathOf(name), out _);
    }
}
