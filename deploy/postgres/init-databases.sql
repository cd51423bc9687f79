-- Generated from services/platform.py. One database per service; each migrates its own on start.
CREATE DATABASE continuum_allocation;
CREATE DATABASE continuum_kpi;
CREATE DATABASE continuum_supervision;
CREATE DATABASE continuum_feedback;
CREATE DATABASE continuum_records;
