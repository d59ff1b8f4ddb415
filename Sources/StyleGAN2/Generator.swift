/// StyleGAN2 generator (issue 3).
public enum StyleGAN2Stage {}
