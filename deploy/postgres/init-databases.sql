-- One database per service; each service migrates its own on start.
CREATE DATABASE continuum_allocation;
CREATE DATABASE continuum_kpi;
