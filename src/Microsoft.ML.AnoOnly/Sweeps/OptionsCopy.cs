using System.Reflection;

namespace Microsoft.ML.AnoOnly.Sweeps
{
    /// <summary>Copies <see cref="AnoOnlyTrainer.Options"/> field by field, so settings added later are copied too.</summary>
    internal static class OptionsCopy
    {
        public static AnoOnlyTrainer.Options Clone(AnoOnlyTrainer.Options source)
        {
            var copy = new AnoOnlyTrainer.Options();
            foreach (FieldInfo field in typeof(AnoOnlyTrainer.Options).GetFields(BindingFlags.Public | BindingFlags.Instance))
                field.SetValue(copy, field.GetValue(source));
            foreach (PropertyInfo property in typeof(AnoOnlyTrainer.Options).GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                if (property.CanRead && property.CanWrite)
                    property.SetValue(copy, property.GetValue(source));
            }
            return copy;
        }
    }
}
