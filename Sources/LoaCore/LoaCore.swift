public enum LoaCore {}
